namespace K8sNotify.Api.Contract;

/// <summary>Annotation keys on dispatcher pod templates.</summary>
public static class DispatcherAnnotations
{
    /// <summary>Checksum of the bundle and Secrets; a change rolls the dispatcher pods.</summary>
    public const string ConfigChecksum = V1Alpha1.ApiGroup.Group + "/config-checksum";

    /// <summary>The container <c>kubectl logs/exec</c> pick by default.</summary>
    public const string DefaultContainer = "kubectl.kubernetes.io/default-container";
}
