using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>Secret values keyed "name/key", standing in for mounted Secrets.</summary>
public sealed class DictionarySecretResolver(IReadOnlyDictionary<string, string> values) : ISecretResolver
{
    public string? TryResolve(SecretKeyReference reference) => values.TryGetValue(reference.ToString(), out var v) ? v : null;
}
