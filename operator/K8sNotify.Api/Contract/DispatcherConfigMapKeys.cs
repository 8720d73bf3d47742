namespace K8sNotify.Api.Contract;

/// <summary>The keys of a Channel's dispatcher ConfigMap; each becomes a file in <see cref="DispatcherMounts.ConfigDirectory"/>.</summary>
public static class DispatcherConfigMapKeys
{
    /// <summary>The resolved Channel with its Templates and Providers, as JSON.</summary>
    public const string Bundle = "bundle.json";

    /// <summary>
    /// The Deployment's current replica count. Outside the bundle and the pod-template checksum, so the autoscaler
    /// scaling the Deployment changes the file without restarting pods.
    /// </summary>
    public const string Replicas = "replicas";
}
