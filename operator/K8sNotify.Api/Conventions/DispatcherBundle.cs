using System.Text.Json.Serialization;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Conventions;

/// <summary>The resolved configuration of one Channel that a dispatcher runs: the Channel with its Templates and Providers.</summary>
public sealed class DispatcherBundle
{
    /// <summary>The ConfigMap key (and file name) the bundle is stored under.</summary>
    public const string FileName = "bundle.json";

    /// <summary>Where the operator mounts the bundle's ConfigMap in a dispatcher pod.</summary>
    public const string MountDirectory = "/etc/k8snotify/config";

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
