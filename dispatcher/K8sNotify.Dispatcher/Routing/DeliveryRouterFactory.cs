using System.Globalization;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Resilience;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>Builds a Channel's router: each Provider of its chain created by the factory of its type and wrapped in its own resilience pipeline.</summary>
public sealed class DeliveryRouterFactory
{
    private readonly Dictionary<ProviderType, IProviderFactory> _factories;
    private readonly IRateLimitGate? _gate;
    private readonly ProviderMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    public DeliveryRouterFactory(IEnumerable<IProviderFactory> factories, ProviderMetrics metrics, TimeProvider time, ILoggerFactory loggers, IRateLimitGate? gate = null)
    {
        _factories = factories.ToDictionary(f => f.Type);
        _metrics = metrics;
        _time = time;
        _loggers = loggers;
        _gate = gate;
    }

    /// <summary>The random source of weighted routing (tests pass a seeded one).</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Creates the router of <paramref name="channel"/>; throws <see cref="ProviderConfigurationException"/> naming what is wrong.</summary>
    public ProviderChainRouter Create(Channel channel, IReadOnlyList<Provider> providers, ISecretResolver secrets)
    {
        var links = new List<ProviderChainLink>(channel.Spec.Providers.Count);
        try
        {
            foreach (var reference in channel.Spec.Providers)
            {
                var resource = providers.FirstOrDefault(p => p.Metadata.Name == reference.Name)
                    ?? throw new ProviderConfigurationException($"channel {channel.Metadata.Name}: Provider {reference.Name} not found");
                links.Add(new ProviderChainLink(resource, Wrap(resource, secrets), reference.Weight, Cost(resource)));
            }
        }
        catch
        {
            foreach (var link in links)
            {
                link.Sender.Dispose();
            }

            throw;
        }

        return new ProviderChainRouter(channel, links, _gate, _metrics, _loggers.CreateLogger<ProviderChainRouter>(), Random);
    }

    /// <summary>Creates one provider and wraps it in the resilience pipeline its spec describes.</summary>
    public ResilientProvider Wrap(Provider resource, ISecretResolver secrets)
    {
        if (!_factories.TryGetValue(resource.Spec.Type, out var factory))
        {
            throw new ProviderConfigurationException($"Provider {resource.Metadata.Name}: type {resource.Spec.Type} is not supported by this dispatcher");
        }

        var settings = ProviderResilienceSettings.From(resource.Spec);
        var inner = factory.Create(resource, secrets);
        return new ResilientProvider(inner, settings, _time, _metrics, _loggers.CreateLogger<ResilientProvider>());
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
            : throw new ProviderConfigurationException($"Provider {resource.Metadata.Name}: spec.costPerMessage '{text}' is not a non-negative decimal");
    }
}
