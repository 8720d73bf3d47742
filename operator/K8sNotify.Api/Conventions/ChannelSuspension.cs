using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Conventions;

/// <summary>
/// Whether a Channel's dispatchers consume, read the same way by the operator (status, autoscaler) and the dispatcher
/// (consume loop): paused when the Channel is suspended or when every Provider of its chain is.
/// </summary>
public sealed record ChannelSuspension(string Reason, string Message)
{
    /// <summary>The Channel itself is suspended (<c>spec.suspend</c>).</summary>
    public const string ChannelSuspendedReason = "Suspended";

    /// <summary>Every Provider in the chain is suspended, so nothing could deliver.</summary>
    public const string ProvidersSuspendedReason = "ProvidersSuspended";

    /// <summary>Null when the Channel consumes; otherwise why it does not.</summary>
    /// <param name="channel">The Channel.</param>
    /// <param name="providers">Its chain's Providers (missing ones are not counted as suspended).</param>
    public static ChannelSuspension? Of(Channel channel, IEnumerable<Provider> providers)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(providers);
        if (channel.Spec.Suspend)
        {
            return new ChannelSuspension(ChannelSuspendedReason, "spec.suspend is true: the dispatchers accept notifications but do not consume; they wait in the stream");
        }

        var suspended = SuspendedProviders(channel, providers);
        return channel.Spec.Providers.Count > 0 && suspended.Count == channel.Spec.Providers.Count
            ? new ChannelSuspension(ProvidersSuspendedReason, $"every Provider of the chain is suspended ({string.Join(", ", suspended)}): notifications wait in the stream")
            : null;
    }

    /// <summary>The names of the chain's Providers whose <c>spec.suspend</c> is true, in chain order.</summary>
    public static IReadOnlyList<string> SuspendedProviders(Channel channel, IEnumerable<Provider> providers)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var byName = providers.Where(p => p.Spec.Suspend).Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        return [.. channel.Spec.Providers.Select(r => r.Name).Where(byName.Contains)];
    }
}
