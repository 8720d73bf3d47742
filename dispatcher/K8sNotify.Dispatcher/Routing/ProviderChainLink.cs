using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Resilience;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>One provider of a Channel's chain: its resource, its resilient sender, its weight and its price.</summary>
public sealed record ProviderChainLink(Provider Resource, ResilientProvider Sender, int Weight = 1, decimal? CostPerMessage = null)
{
    public string Name => Resource.Metadata.Name;
}
