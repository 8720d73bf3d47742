using System.ComponentModel.DataAnnotations;

namespace K8sNotify.DevCluster;

/// <summary>Settings of the local control plane host (section <c>DevCluster</c>, or <c>--DevCluster:Name=value</c>).</summary>
public sealed class DevClusterOptions
{
    public const string SectionName = "DevCluster";

    /// <summary>Where kubeconfig, env, logs and the NATS store go; relative paths are under the repository root.</summary>
    [Required]
    public string StateDirectory { get; set; } = ".dev-cluster";

    /// <summary>Folder of CustomResourceDefinition YAML installed at start; relative to the repository root.</summary>
    [Required]
    public string CrdDirectory { get; set; } = "crds";

    /// <summary>Runs the operator binary (off: control plane, NATS and Redis only).</summary>
    public bool RunOperator { get; set; } = true;

    /// <summary>The operator's build output; empty finds it under operator/K8sNotify.Operator/bin in this host's configuration.</summary>
    public string? OperatorDll { get; set; }

    /// <summary>The dispatcher's build output the kubelet stand-in runs; empty finds it like <see cref="OperatorDll"/>.</summary>
    public string? DispatcherDll { get; set; }

    /// <summary>How long the operator may take to answer on its health port (a loaded machine JITs slowly).</summary>
    public TimeSpan OperatorStartTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Fixed API server port; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int ApiServerPort { get; set; }
}
