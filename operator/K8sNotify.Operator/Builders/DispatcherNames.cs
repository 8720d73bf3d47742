using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Names, labels and annotations of the objects the operator creates for a Channel.</summary>
public static class DispatcherNames
{
    public const string FieldManager = "k8snotify-operator";
    public const string AppName = DispatcherLabels.DispatcherName;
    public const string ContainerName = DispatcherContainer.Name;
    public const string HttpPortName = DispatcherContainer.HttpPortName;
    public const int HttpPort = DispatcherContainer.HttpPort;

    public const string NameLabel = DispatcherLabels.Name;
    public const string InstanceLabel = DispatcherLabels.Instance;
    public const string ComponentLabel = DispatcherLabels.Component;
    public const string ManagedByLabel = DispatcherLabels.ManagedBy;
    public const string PartOfLabel = DispatcherLabels.PartOf;
    public const string ChannelLabel = DispatcherLabels.Channel;

    /// <summary>Pod-template annotation whose change rolls the dispatcher pods.</summary>
    public const string ChecksumAnnotation = DispatcherAnnotations.ConfigChecksum;

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
        [ComponentLabel] = DispatcherLabels.DispatcherComponent,
        [PartOfLabel] = DispatcherLabels.Product,
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
