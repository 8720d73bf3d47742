using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>The outcome of routing one notification: the final result, the provider that produced it, and every attempt.</summary>
public sealed record RoutingResult(DeliveryResult Final, string? Provider, IReadOnlyList<ProviderAttempt> Attempts);
