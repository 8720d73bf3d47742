using K8sNotify.Api.Providers;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Conventions;

/// <summary>Lists the Secret keys a resource references, so the operator can mount them and the dispatcher can resolve them.</summary>
public static class SecretReferences
{
    /// <summary>The Secret keys a Provider's credentials come from, as its type's kind in <paramref name="catalog"/> (default: built-in) lists them.</summary>
    public static IEnumerable<SecretKeyReference> Of(Provider provider, ProviderCatalog? catalog = null) =>
        (catalog ?? ProviderCatalog.BuiltIn).Find(provider.Spec.Type)?.SecretReferences(provider.Spec) ?? [];

    /// <summary>The Secret keys a Channel references directly (status webhook and unsubscribe link signing keys).</summary>
    public static IEnumerable<SecretKeyReference> Of(Channel channel)
    {
        if (channel.Spec.StatusWebhook is { } webhook) yield return webhook.SecretRef;
        if (channel.Spec.Recipients?.Unsubscribe is { } unsubscribe) yield return unsubscribe.SigningKeySecretRef;
    }

    /// <summary>Every Secret name a bundle needs, sorted and distinct (used to mount them and to checksum them).</summary>
    public static IReadOnlyList<string> SecretNames(DispatcherBundle bundle, ProviderCatalog? catalog = null)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in Of(bundle.Channel)) names.Add(r.Name);
        foreach (var p in bundle.Providers)
        {
            foreach (var r in Of(p, catalog)) names.Add(r.Name);
        }

        // The API tokens are needed (and mounted) only where the dispatchers serve the API.
        if (bundle.Channel.Spec.Api is { Enabled: true, TokensSecretRef: { } tokens }) names.Add(tokens.Name);
        return [.. names];
    }
}
