using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.Secrets;

/// <summary>Resolves a Secret key reference to its value (environment, mounted file or, standalone, a Secret manifest).</summary>
public interface ISecretResolver
{
    /// <summary>Returns the value, or null when no source has it.</summary>
    string? TryResolve(SecretKeyReference reference);

    /// <summary>Returns the value or throws <see cref="SecretNotFoundException"/> naming the Secret and key (never a value).</summary>
    string Resolve(SecretKeyReference reference) =>
        TryResolve(reference) ?? throw new SecretNotFoundException(reference);

    /// <summary>Every key of a whole Secret (mounted folder or manifest); empty when the resolver cannot list it.</summary>
    IReadOnlyDictionary<string, string> ResolveAll(string secretName) => new Dictionary<string, string>();
}
