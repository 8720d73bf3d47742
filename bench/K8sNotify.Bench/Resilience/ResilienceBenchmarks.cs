using BenchmarkDotNet.Attributes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Resilience;
using K8sNotify.Dispatcher.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace K8sNotify.Bench.Resilience;

/// <summary>
/// The added cost per send of the resilience pipeline and the router: a no-op provider called directly, through
/// <see cref="ResilientProvider"/> (timeout, retry, circuit breaker from a default Provider spec), and through a
/// <see cref="ProviderChainRouter"/> with one provider and with three whose first fails over.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1515 // BenchmarkDotNet needs a public, non-sealed benchmark class.
#pragma warning disable CA1001 // Disposed in GlobalCleanup, which BenchmarkDotNet calls.
public class ResilienceBenchmarks
#pragma warning restore CA1001
#pragma warning restore CA1515
{
    private static readonly RenderedNotification Notification = new()
    {
        NotificationId = "bench-1",
        Namespace = "bench",
        Channel = "bench",
        ChannelType = ChannelType.Webhook,
        Recipient = "https://example.invalid/hook",
        Template = "bench",
        Locale = "en",
        Text = "hello",
    };

    private INotificationProvider _direct = null!;
    private ResilientProvider _resilient = null!;
    private ProviderChainRouter _oneProvider = null!;
    private ProviderChainRouter _threeProviders = null!;
    private readonly List<ResilientProvider> _owned = [];

    [GlobalSetup]
    public void Setup()
    {
        var metrics = new ProviderMetrics(Metrics.NewCustomRegistry());
        _direct = new NoOpProvider("direct", DeliveryResult.Accepted("id-1"));
        _resilient = Wrap(_direct, new ProviderSpec(), metrics);

        _oneProvider = Router("one", [Link("only", new ProviderSpec(), DeliveryResult.Accepted("id-1"), metrics)], metrics);

        // The failing primary has no retries (a retry would wait its real backoff) and a breaker that never reaches its
        // minimum throughput, so every send takes the failover path instead of skipping an open circuit.
        var failingSpec = new ProviderSpec
        {
            Retry = new ProviderRetrySpec { MaxRetries = 0 },
            CircuitBreaker = new CircuitBreakerSpec { MinimumThroughput = int.MaxValue },
        };
        _threeProviders = Router(
            "three",
            [
                Link("primary", failingSpec, DeliveryResult.Transient("503 from the bench"), metrics),
                Link("secondary", new ProviderSpec(), DeliveryResult.Accepted("id-2"), metrics),
                Link("tertiary", new ProviderSpec(), DeliveryResult.Accepted("id-3"), metrics),
            ],
            metrics);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _resilient.Dispose();
        foreach (var provider in _owned)
        {
            provider.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "no-op provider, direct")]
    public Task<DeliveryResult> Direct() => _direct.SendAsync(Notification, CancellationToken.None);

    [Benchmark(Description = "ResilientProvider (timeout+retry+breaker)")]
    public Task<DeliveryResult> Resilient() => _resilient.SendAsync(Notification, CancellationToken.None);

    [Benchmark(Description = "ProviderChainRouter, 1 provider")]
    public Task<RoutingResult> RouterOneProvider() => _oneProvider.DeliverAsync(Notification, CancellationToken.None);

    [Benchmark(Description = "ProviderChainRouter, 3 providers, 1st fails over")]
    public Task<RoutingResult> RouterThreeProvidersFailover() => _threeProviders.DeliverAsync(Notification, CancellationToken.None);

    private static ResilientProvider Wrap(INotificationProvider inner, ProviderSpec spec, ProviderMetrics metrics, string? name = null) =>
        new(inner, ProviderResilienceSettings.From(spec), TimeProvider.System, metrics, NullLogger<ResilientProvider>.Instance, name);

    private ProviderChainLink Link(string name, ProviderSpec spec, DeliveryResult result, ProviderMetrics metrics)
    {
        var sender = Wrap(new NoOpProvider(name, result), spec, metrics, name);
        _owned.Add(sender);
        return new ProviderChainLink(new Provider { Metadata = new() { Name = name, NamespaceProperty = "bench" }, Spec = spec }, sender);
    }

    private static ProviderChainRouter Router(string name, IReadOnlyList<ProviderChainLink> links, ProviderMetrics metrics) =>
        new(
            new Channel
            {
                Metadata = new() { Name = name, NamespaceProperty = "bench" },
                Spec = new ChannelSpec { Strategy = RoutingStrategy.Failover, Providers = [.. links.Select(l => new ChannelProviderReference { Name = l.Name })] },
            },
            links,
            gate: null,
            metrics,
            NullLogger<ProviderChainRouter>.Instance);
}
