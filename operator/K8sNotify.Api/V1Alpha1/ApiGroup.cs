namespace K8sNotify.Api.V1Alpha1;

/// <summary>Names of the notify.k8snotify.io/v1alpha1 API group and its kinds.</summary>
public static class ApiGroup
{
    public const string Group = "notify.k8snotify.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;

    public const string ChannelKind = "Channel";
    public const string ChannelPlural = "channels";
    public const string TemplateKind = "Template";
    public const string TemplatePlural = "templates";
    public const string ProviderKind = "Provider";
    public const string ProviderPlural = "providers";

    /// <summary>Short category so <c>kubectl get k8snotify</c> lists every kind.</summary>
    public const string Category = "k8snotify";
}
