using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>One entry of a Channel's provider chain: the Provider resource, its built provider and its routing weight.</summary>
public sealed record ChainedProvider(Provider Resource, INotificationProvider Instance, int Weight)
{
    public string Name => Resource.Metadata.Name;
}
