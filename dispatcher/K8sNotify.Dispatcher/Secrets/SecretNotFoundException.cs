using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.Secrets;

/// <summary>A referenced Secret key has no value in any source; the message says where it was looked for.</summary>
public sealed class SecretNotFoundException(SecretKeyReference reference)
    : Exception($"secret key {reference.Name}/{reference.Key} not found (looked in ${SecretLocations.EnvironmentVariable(reference)}, {SecretLocations.MountRoot}/{reference.Name}/{reference.Key} and Secret manifests)")
{
    public SecretKeyReference Reference { get; } = reference;
}
