using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Names, labels and annotations of the objects the operator creates for a Channel.</summary>
public static class DispatcherNames
{
    public const string FieldManager = "k8snotify-operator";
    public const string AppName = "k8snotify-dispatcher";
    public const string ContainerName = "dispatcher";
    public const string HttpPortName = "http";
    public const int HttpPort = 8080;

    public const string NameLabel = "app.kubernetes.io/name";
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string ComponentLabel = "app.kubernetes.io/component";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string PartOfLabel = "app.kubernetes.io/part-of";
    public const string ChannelLabel = ApiGroup.Group + "/channel";

    /// <summary>Pod-template annotation whose change rolls the dispatcher pods.</summary>
    public const string ChecksumAnnotation = ApiGroup.Group + "/config-checksum";

    /// <summary>Finalizer that deletes a Channel's stream when its deletionPolicy is Delete.</summary>
    public const string StreamFinalizer = ApiGroup.Group + "/stream";

    public static string Dispatcher(Channel channel) => channel.Metadata.Name + "-dispatcher";

    public static string Config(Channel channel) => channel.Metadata.Name + "-dispatcher-config";

    public static string SloRule(Channel channel) => channel.Metadata.Name + "-slo";

    /// <summary>Labels on every child of a Channel.</summary>
    public static Dictionary<string, string> Labels(Channel channel) => new(StringComparer.Ordinal)
    {
        [NameLabel] = AppName,
        [InstanceLabel] = channel.Metadata.Name,
        [ComponentLabel] = "dispatcher",
        [PartOfLabel] = "k8snotify",
        [ManagedByLabel] = FieldManager,
        [ChannelLabel] = channel.Metadata.Name,
    };

    /// <summary>The immutable subset of <see cref="Labels"/> a Deployment selects its pods by.</summary>
    public static Dictionary<string, string> Selector(Channel channel) => new(StringComparer.Ordinal)
    {
        [NameLabel] = AppName,
        [InstanceLabel] = channel.Metadata.Name,
    };
}
