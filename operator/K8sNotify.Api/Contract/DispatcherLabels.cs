namespace K8sNotify.Api.Contract;

/// <summary>Label keys and values on the objects the operator creates for a Channel (and that tools select dispatchers by).</summary>
public static class DispatcherLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string PartOf = "app.kubernetes.io/part-of";

    /// <summary>The Channel a child belongs to.</summary>
    public const string Channel = V1Alpha1.ApiGroup.Group + "/channel";

    /// <summary>The <see cref="Name"/> value of every dispatcher Deployment and pod.</summary>
    public const string DispatcherName = "k8snotify-dispatcher";

    /// <summary>The <see cref="Component"/> value of dispatcher objects.</summary>
    public const string DispatcherComponent = "dispatcher";

    /// <summary>The <see cref="PartOf"/> value of every K8sNotify object.</summary>
    public const string Product = "k8snotify";
}
