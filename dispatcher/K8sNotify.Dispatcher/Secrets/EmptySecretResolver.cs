using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.Secrets;

/// <summary>A resolver that knows no secrets (runtimes built without a config source, such as in unit tests).</summary>
public sealed class EmptySecretResolver : ISecretResolver
{
    public static readonly EmptySecretResolver Instance = new();

    public string? TryResolve(SecretKeyReference reference) => null;
}
