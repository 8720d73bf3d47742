using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Recipients.Preferences;
using K8sNotify.Dispatcher.Recipients.Suppression;
using K8sNotify.Dispatcher.Recipients.Unsubscribe;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>
/// The recipient controls on the hot path: reads preferences and the suppression list from their in-memory KV
/// mirrors and applies <see cref="RecipientPolicy"/>; learns dead addresses and opt-outs from permanent failures.
/// </summary>
public sealed class RecipientGate(
    PreferenceStore preferences,
    SuppressionStore suppressions,
    UnsubscribeLinks links,
    RecipientMetrics metrics,
    TimeProvider time,
    ILogger<RecipientGate> logger) : IRecipientGate
{
    public const string ProviderSource = "provider";

    public static readonly TimeSpan DefaultSuppressionTtl = TimeSpan.FromDays(365);

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public async ValueTask<RecipientVerdict> CheckAsync(ChannelRuntime runtime, CompiledTemplate template, NotificationMessage message, string recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(message);
        var suppression = await suppressions.GetAsync(runtime.Namespace, runtime.Name, recipient, cancellationToken).ConfigureAwait(false);
        var prefs = suppression is null ? await preferences.GetAsync(runtime.Namespace, recipient, cancellationToken).ConfigureAwait(false) : null;
        var spec = template.Template.Spec;
        var verdict = RecipientPolicy.Decide(
            Categories.EffectiveOptOut(spec), spec.Category, ChannelTypeName(runtime.Type), message.Priority, message.Locale, prefs, suppression, time.GetUtcNow());
        if (verdict.Action == RecipientAction.Suppress)
        {
            metrics.CountSuppressed(runtime.Namespace, runtime.Name, verdict.Suppression!);
        }

        return verdict;
    }

    public IReadOnlyDictionary<string, string> HeadersFor(ChannelRuntime runtime, CompiledTemplate template, string recipient)
    {
        ArgumentNullException.ThrowIfNull(template);
        return links.HeadersFor(runtime, template.Template.Spec, recipient) ?? NoHeaders;
    }

    public async ValueTask RecordPermanentFailureAsync(ChannelRuntime runtime, string recipient, DeliveryResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            switch (result.RecipientFault)
            {
                case RecipientFault.Gone:
                    await suppressions.AddAsync(runtime.Namespace, runtime.Name, recipient, result.Reason ?? "permanent failure", ProviderSource, SuppressionTtl(runtime), cancellationToken)
                        .ConfigureAwait(false);
                    metrics.CountAdded(runtime.Namespace, runtime.Name, ProviderSource);
                    logger.RecipientSuppressed(runtime.Key, RecipientKeys.Suppression(runtime.Namespace, runtime.Name, recipient), result.Reason ?? "permanent failure");
                    break;
                case RecipientFault.OptedOut:
                    var type = ChannelTypeName(runtime.Type);
                    await preferences.SetChannelTypeOptOutAsync(runtime.Namespace, recipient, type, optOut: true, cancellationToken).ConfigureAwait(false);
                    metrics.CountOptOut(runtime.Namespace, ProviderSource, optOut: true);
                    logger.RecipientOptedOut(runtime.Namespace, RecipientKeys.Preferences(runtime.Namespace, recipient), type, ProviderSource);
                    break;
            }
        }
        catch (NatsException e)
        {
            // The notification's outcome is already decided; losing this only means the next send fails the same way.
            logger.RecipientFaultNotRecorded(runtime.Key, e.Message);
        }
    }

    public static TimeSpan SuppressionTtl(ChannelRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return Durations.ParseOrDefault(runtime.Channel.Spec.Recipients?.SuppressionTtl, DefaultSuppressionTtl);
    }

    /// <summary>The wire name of a channel type (email, sms, push, webhook), as in preferences.</summary>
    public static string ChannelTypeName(ChannelType type) => type switch
    {
        ChannelType.Email => "email",
        ChannelType.Sms => "sms",
        ChannelType.Push => "push",
        _ => "webhook",
    };
}
