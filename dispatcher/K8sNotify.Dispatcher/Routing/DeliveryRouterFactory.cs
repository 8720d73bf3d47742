using System.Globalization;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Resilience;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>
/// Builds a Channel's router: each Provider of its chain created through the registry and wrapped in its own resilience
/// pipeline, shared through <see cref="Providers"/> with every router that uses the same Provider spec and credentials
/// (so a reload keeps an unchanged provider's circuit and connections, and the last router to let go disposes it).
/// </summary>
public sealed class DeliveryRouterFactory(ProviderRegistry registry, ProviderMetrics metrics, TimeProvider time, ILoggerFactory loggers, IRateLimitGate? gate = null)
{
    /// <summary>The live provider instances, shared across Channels and config versions.</summary>
    public SharedProviderPool Providers { get; } = new();

    /// <summary>The random source of weighted routing (tests pass a seeded one).</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>
    /// Creates the router of <paramref name="channel"/> from the Providers of its chain that are not suspended (a
    /// suspended one is neither built nor tried; when all are, the router is empty and the Channel does not consume).
    /// Throws <see cref="ProviderConfigurationException"/> naming the Provider and field.</summary>
    public ProviderChainRouter Create(Channel channel, IReadOnlyList<Provider> providers, ISecretResolver secrets)
    {
        var links = new List<ProviderChainLink>(channel.Spec.Providers.Count);
        try
        {
            foreach (var reference in channel.Spec.Providers)
            {
                var resource = providers.FirstOrDefault(p => p.Metadata.Name == reference.Name)
                    ?? throw new ProviderConfigurationException($"Channel {channel.Metadata.Name}: Provider '{reference.Name}' is not in the configuration");
                if (resource.Spec.Suspend)
                {
                    continue;
                }

                var cost = Cost(resource);
                var sender = Providers.Acquire(ProviderInstanceKey.Of(resource, secrets), () => Wrap(resource, secrets));
                links.Add(new ProviderChainLink(resource, sender, reference.Weight, cost));
            }

            var held = links.Select(l => l.Sender).ToArray();
            return new ProviderChainRouter(channel, links, gate, metrics, loggers.CreateLogger<ProviderChainRouter>(), Random, onReleased: () => Release(held), allowEmpty: channel.Spec.Providers.Count > 0);
        }
        catch
        {
            Release(links.Select(l => l.Sender));
            throw;
        }
    }

    /// <summary>Creates one provider and wraps it in the resilience pipeline its spec describes.</summary>
    public ResilientProvider Wrap(Provider resource, ISecretResolver secrets)
    {
        try
        {
            var settings = ProviderResilienceSettings.From(resource.Spec);
            var inner = registry.Create(resource, secrets);
            return new ResilientProvider(inner, settings, time, metrics, loggers.CreateLogger<ResilientProvider>(), resource.Metadata.Name);
        }
        catch (Exception e) when (e is ProviderConfigurationException or SecretNotFoundException)
        {
            throw new ProviderConfigurationException($"Provider {resource.Metadata.NamespaceProperty}/{resource.Metadata.Name}: {e.Message}");
        }
    }

    private void Release(IEnumerable<ResilientProvider> senders)
    {
        foreach (var sender in senders)
        {
            Providers.Release(sender);
        }
    }

    private static decimal? Cost(Provider resource)
    {
        var text = resource.Spec.CostPerMessage;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost) && cost >= 0
            ? cost
            : throw new ProviderConfigurationException($"Provider {resource.Metadata.NamespaceProperty}/{resource.Metadata.Name}: spec.costPerMessage '{text}' is not a non-negative decimal");
    }
}
