using K8sNotify.Api.Providers.Fcm;
using K8sNotify.Api.Providers.Outbox;
using K8sNotify.Api.Providers.Smtp;
using K8sNotify.Api.Providers.Twilio;
using K8sNotify.Api.Providers.Webhook;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers;

/// <summary>
/// The provider types a build knows. The CRD's type enum and one-of rules, the operator's validation and Secret
/// mounting are all derived from it, so a new type is one <see cref="ProviderKind"/> plus one line in <see cref="BuiltIn"/>.
/// </summary>
public sealed class ProviderCatalog
{
    /// <summary>The provider types this release ships, in the order the CRD lists them.</summary>
    public static ProviderCatalog BuiltIn { get; } = new(
    [
        SmtpProviderKind.Instance,
        TwilioProviderKind.Instance,
        FcmProviderKind.Instance,
        WebhookProviderKind.Instance,
        OutboxProviderKind.Instance,
    ]);

    private readonly Dictionary<ProviderType, ProviderKind> _byType = [];

    /// <summary>A catalog of <paramref name="kinds"/>; two kinds of the same type are a programming error.</summary>
    public ProviderCatalog(IEnumerable<ProviderKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var list = new List<ProviderKind>();
        foreach (var kind in kinds)
        {
            if (!_byType.TryAdd(kind.Type, kind))
            {
                throw new ArgumentException($"provider type {kind.Type} is registered twice", nameof(kinds));
            }

            list.Add(kind);
        }

        Kinds = list;
    }

    /// <summary>Every known kind, in registration order.</summary>
    public IReadOnlyList<ProviderKind> Kinds { get; }

    /// <summary>The kind of <paramref name="type"/>, or null when this build does not know it.</summary>
    public ProviderKind? Find(ProviderType type) => _byType.GetValueOrDefault(type);

    /// <summary>This catalog plus <paramref name="kind"/> (how a test or an extension adds a type).</summary>
    public ProviderCatalog With(ProviderKind kind) => new([.. Kinds, kind]);
}
