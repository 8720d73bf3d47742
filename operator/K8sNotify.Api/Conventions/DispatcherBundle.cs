using System.Text.Json.Serialization;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Conventions;

/// <summary>The resolved configuration of one Channel that a dispatcher runs: the Channel with its Templates and Providers.</summary>
public sealed class DispatcherBundle
{
    /// <summary>The ConfigMap key (and file name) the bundle is stored under.</summary>
    public const string FileName = DispatcherConfigMapKeys.Bundle;

    /// <summary>
    /// The ConfigMap key (and file) with the dispatcher Deployment's current replica count. It is not part of the bundle
    /// or the pod-template checksum, so the autoscaler scaling the Deployment changes the file without restarting pods;
    /// dispatchers re-read it to divide their in-memory rate limits.
    /// </summary>
    public const string ReplicasFileName = DispatcherConfigMapKeys.Replicas;

    /// <summary>Where the operator mounts the bundle's ConfigMap in a dispatcher pod.</summary>
    public const string MountDirectory = DispatcherMounts.ConfigDirectory;

    public const string BundleApiVersion = "k8snotify.io/v1alpha1";
    public const string BundleKind = "DispatcherBundle";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = BundleApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = BundleKind;

    [JsonPropertyName("channel")]
    public Channel Channel { get; set; } = new();

    [JsonPropertyName("templates")]
    public List<Template> Templates { get; set; } = [];

    [JsonPropertyName("providers")]
    public List<Provider> Providers { get; set; } = [];
}
