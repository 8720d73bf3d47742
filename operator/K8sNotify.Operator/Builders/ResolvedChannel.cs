using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>A Channel with everything it references found: its Templates and Providers in chain order and the versions of its Secrets.</summary>
/// <param name="Channel">The Channel as read from the cluster or a manifest.</param>
/// <param name="Templates">The Templates named by the Channel, in its order.</param>
/// <param name="Providers">The Providers of the chain, in its order.</param>
/// <param name="SecretVersions">Secret name → a version that changes whenever the Secret does (resourceVersion in a cluster).</param>
public sealed record ResolvedChannel(
    Channel Channel,
    IReadOnlyList<Template> Templates,
    IReadOnlyList<Provider> Providers,
    IReadOnlyDictionary<string, string> SecretVersions);
