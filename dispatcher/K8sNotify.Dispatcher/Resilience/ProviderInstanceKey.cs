using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Resilience;

/// <summary>
/// Identifies one built provider: its namespace and name plus a SHA-256 over its spec and the current values of the
/// Secret keys it references, so an unchanged Provider maps to the same instance across reloads and any change to
/// the spec or a credential maps to a new one. Secret values only ever enter the hash.
/// </summary>
public readonly record struct ProviderInstanceKey(string Namespace, string Name, string Hash)
{
    /// <summary>The key of <paramref name="provider"/> with the secret values <paramref name="secrets"/> resolves now.</summary>
    public static ProviderInstanceKey Of(Provider provider, ISecretResolver secrets)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(secrets);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(provider.Spec));
        foreach (var reference in SecretReferences.Of(provider))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"\0{reference}\0"));
            var value = secrets.TryResolve(reference);
            hash.AppendData(value is null ? "\u0001missing"u8 : Encoding.UTF8.GetBytes(value));
        }

        return new ProviderInstanceKey(provider.Metadata.NamespaceProperty ?? "", provider.Metadata.Name, Convert.ToHexString(hash.GetCurrentHash()));
    }

    // The hash is of secrets: keep it out of any text that could reach a log.
    public override string ToString() => $"{Namespace}/{Name}";
}
