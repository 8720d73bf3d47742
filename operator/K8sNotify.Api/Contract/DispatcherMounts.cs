namespace K8sNotify.Api.Contract;

/// <summary>Where the operator mounts volumes in a dispatcher pod, and the files the dispatcher reads there.</summary>
public static class DispatcherMounts
{
    /// <summary>Every K8sNotify mount lives under this directory.</summary>
    public const string Root = "/etc/k8snotify";

    /// <summary>The Channel's dispatcher ConfigMap (bundle and replica count).</summary>
    public const string ConfigDirectory = Root + "/config";

    /// <summary>Each referenced Secret is mounted as <c>&lt;SecretsRoot&gt;/&lt;name&gt;/&lt;key&gt;</c>.</summary>
    public const string SecretsRoot = Root + "/secrets";

    /// <summary>The NATS credentials Secret.</summary>
    public const string NatsCredentialsDirectory = Root + "/nats";

    /// <summary>The writable scratch directory (an emptyDir; the root filesystem is read-only).</summary>
    public const string TmpDirectory = "/tmp";

    /// <summary>The bundle file the dispatcher is started with (<c>--config</c>).</summary>
    public const string BundleFile = ConfigDirectory + "/" + DispatcherConfigMapKeys.Bundle;

    /// <summary>The live replica count file (<see cref="DispatcherEnvironment.ReplicasFile"/>).</summary>
    public const string ReplicasFile = ConfigDirectory + "/" + DispatcherConfigMapKeys.Replicas;

    /// <summary>The directory a referenced Secret is mounted at.</summary>
    public static string SecretDirectory(string secretName) => SecretsRoot + "/" + secretName;
}
