using System.Text;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Receipts;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Recipients.Unsubscribe;

/// <summary>Builds the RFC 8058 headers of a mail and resolves a Channel's signing key.</summary>
public sealed class UnsubscribeLinks(TimeProvider time, IOptions<ReceiptOptions> receiptOptions)
{
    public const string Route = "/v1/unsubscribe/{token}";
    public const string ListUnsubscribe = "List-Unsubscribe";
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";
    public const string OneClick = "List-Unsubscribe=One-Click";

    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(60);

    /// <summary>The signing key of a Channel's links, or null when it has none (or it is too short to use).</summary>
    public static byte[]? KeyOf(ChannelRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        if (runtime.Channel.Spec.Recipients?.Unsubscribe is not { } unsubscribe)
        {
            return null;
        }

        var key = runtime.Secrets.TryResolve(unsubscribe.SigningKeySecretRef)?.Trim();
        return key is { Length: > 0 } && Encoding.UTF8.GetByteCount(key) >= UnsubscribeToken.MinKeyBytes ? Encoding.UTF8.GetBytes(key) : null;
    }

    /// <summary>The headers for a mail of an opt-outable Template, or null when the Channel has no unsubscribe settings (or no base URL).</summary>
    public IReadOnlyDictionary<string, string>? HeadersFor(ChannelRuntime runtime, TemplateSpec template, string recipient)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(template);
        if (runtime.Type != ChannelType.Email || Categories.EffectiveOptOut(template) != OptOutPolicy.Allowed
            || runtime.Channel.Spec.Recipients?.Unsubscribe is not { } settings
            || (settings.PublicBaseUrl ?? receiptOptions.Value.PublicBaseUrl) is not { Length: > 0 } baseUrl
            || KeyOf(runtime) is not { } key)
        {
            return null;
        }

        var validity = Durations.ParseOrDefault(settings.LinkValidity, DefaultValidity);
        var claims = new UnsubscribeClaims(runtime.Namespace, runtime.Name, template.Category, RecipientKeys.Normalize(recipient), time.GetUtcNow() + validity);
        var url = baseUrl.TrimEnd('/') + "/v1/unsubscribe/" + UnsubscribeToken.Create(claims, key);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ListUnsubscribe] = $"<{url}>",
            [ListUnsubscribePost] = OneClick,
        };
    }
}
