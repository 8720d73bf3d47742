using System.Collections.Concurrent;
using K8sNotify.Api.Providers.Outbox;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Routing;
using K8sNotify.Dispatcher.Secrets;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Dispatcher.Tests.Configuration;

/// <summary>
/// A file change reloads the Channel: providers whose spec and credentials are unchanged keep their instance (circuit
/// state, connections); replaced ones are disposed, but only after the deliveries in flight on them have finished.
/// </summary>
public sealed class ProviderReloadTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CountingFactory _factory = new();
    private readonly ChannelManifests _channel;
    private readonly string _dir = DispatcherHarness.NewDirectory();
    private readonly DeliveryRouterFactory _routers;
    private readonly ChannelRuntimeStore _store = new();
    private readonly ConfigurationService _service;
    private readonly ChannelDeliveryRouter _router;

    public ProviderReloadTests()
    {
        _channel = new ChannelManifests { Providers = [Provider("primary", timeout: "5s"), Provider("backup", timeout: "5s")] };
        _channel.WriteTo(_dir);
        _routers = new DeliveryRouterFactory(new ProviderRegistry([_factory]), new ProviderMetrics(Prometheus.Metrics.NewCustomRegistry()), _time, NullLoggerFactory.Instance);
        _service = new ConfigurationService(
            new ManifestFolderSource(_dir, [], "default", _ => null),
            new ChannelRuntimeBuilder(_routers),
            _store,
            Options.Create(new PipelineOptions()),
            _time,
            NullLogger<ConfigurationService>.Instance);
        _router = new ChannelDeliveryRouter(_store);
    }

    public async ValueTask InitializeAsync() => await _service.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        await _service.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Reload_UnchangedProviders_KeepTheirInstancesAndOpenCircuit()
    {
        _factory.Fail("primary");
        var before = Runtime();
        await DeliverAsync("n-1");
        await DeliverAsync("n-2");
        Assert.True(before.Providers[0].Sender.IsCircuitOpen, "two failures out of two should open the primary's circuit");

        RewriteTemplate();
        Assert.True(_service.ReloadIfChanged());

        var after = Runtime();
        Assert.True(after.Version > before.Version);
        Assert.Same(before.Providers[0].Sender, after.Providers[0].Sender);
        Assert.Same(before.Providers[1].Sender, after.Providers[1].Sender);
        Assert.True(after.Providers[0].Sender.IsCircuitOpen, "the reload reset the circuit of an unchanged provider");
        Assert.Equal(2, _factory.Created.Count);
        Assert.All(_factory.Created, p => Assert.False(p.Disposed));
        Assert.True(before.Router.IsReleased);

        var result = await DeliverAsync("n-3");
        Assert.Equal("backup", result.Provider);
        Assert.Equal(2, _factory.Calls("primary")); // skipped: its circuit is still open
    }

    [Fact]
    public async Task Reload_ChangedProviderSpec_DisposesTheOldInstanceAfterItsInFlightSend()
    {
        var gate = _factory.Hold("primary");
        var before = Runtime();
        var oldPrimary = _factory.Created.Single(p => p.Name == "primary");
        var inFlight = DeliverAsync("slow");
        await Poll.UntilAsync(() => _factory.Calls("primary") == 1, "the send reached the primary", cancellationToken: TestContext.Current.CancellationToken);

        (_channel with { Providers = [Provider("primary", timeout: "6s"), Provider("backup", timeout: "5s")] }).WriteTo(_dir);
        Assert.True(_service.ReloadIfChanged());

        var after = Runtime();
        Assert.NotSame(before.Providers[0].Sender, after.Providers[0].Sender);
        Assert.Same(before.Providers[1].Sender, after.Providers[1].Sender);
        Assert.False(oldPrimary.Disposed, "the replaced provider was disposed while a send was still using it");
        Assert.False(before.Router.IsReleased);

        gate.SetResult();
        var result = await inFlight.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal("primary", result.Provider);
        Assert.True(oldPrimary.Disposed, "the replaced provider was not disposed after its last send");
        Assert.True(before.Router.IsReleased);
        Assert.Equal(3, _factory.Created.Count);
        Assert.Equal(1, _factory.Created.Count(p => p.Disposed));
        Assert.Equal(2, _routers.Providers.Count);
        Assert.Equal("primary", (await DeliverAsync("next")).Provider);
    }

    [Fact]
    public void Reload_BrokenProvider_KeepsThePreviousInstancesAndLeaksNone()
    {
        var before = Runtime();

        (_channel with { Providers = [Provider("primary", timeout: "5s"), Provider("backup", timeout: "not-a-duration")] }).WriteTo(_dir);
        Assert.False(_service.ReloadIfChanged());

        Assert.Same(before, Runtime());
        Assert.Equal(2, _routers.Providers.Count);
        Assert.All(_factory.Created, p => Assert.False(p.Disposed));
    }

    private ChannelRuntime Runtime() => _store.Get(_channel.Namespace, _channel.Name)!;

    private Task<RoutingResult> DeliverAsync(string id) =>
        _router.DeliverAsync(Notifications.Sms() with { NotificationId = id, Namespace = _channel.Namespace, Channel = _channel.Name }, TestContext.Current.CancellationToken);

    private void RewriteTemplate() =>
        File.WriteAllText(Path.Combine(_dir, "template.yaml"), ChannelManifests.DefaultTemplate.Replace("Welcome, {{ name }}", "Hi, {{ name }}", StringComparison.Ordinal));

    private static (string Name, string Yaml) Provider(string name, string timeout) => (name, $"""
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata:
          name: {name}
        spec:
          type: outbox
          timeout: {timeout}
          retry:
            maxRetries: 0
          circuitBreaker:
            minimumThroughput: 2
            failureRatio: "0.5"
          outbox:
            directory: /unused
        """);

    /// <summary>Builds a fresh <see cref="TrackedProvider"/> per Provider build, scripted per Provider name.</summary>
    private sealed class CountingFactory : IProviderFactory
    {
        private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<TrackedProvider> _created = new();

        public ProviderType Type => OutboxProviderKind.Instance.Type;

        public IReadOnlyList<TrackedProvider> Created => [.. _created];

        public int Calls(string name) => _calls.GetValueOrDefault(name);

        public void Fail(string name) => _failing[name] = true;

        public TaskCompletionSource Hold(string name) => _holds.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public INotificationProvider Create(Provider provider, ISecretResolver secrets)
        {
            var created = new TrackedProvider(provider.Metadata.Name, this);
            _created.Enqueue(created);
            return created;
        }

        public async Task<DeliveryResult> SendAsync(string name, CancellationToken cancellationToken)
        {
            _calls.AddOrUpdate(name, 1, (_, n) => n + 1);
            if (_holds.TryGetValue(name, out var hold))
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            return _failing.ContainsKey(name) ? DeliveryResult.Transient("scripted outage") : DeliveryResult.Accepted(name + "-id");
        }
    }

    /// <summary>A provider that records whether it was disposed.</summary>
    private sealed class TrackedProvider(string name, CountingFactory factory) : INotificationProvider, IDisposable
    {
        private int _disposed;

        public string Name { get; } = name;

        public bool Disposed => Volatile.Read(ref _disposed) == 1;

        public Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken) =>
            Disposed ? throw new ObjectDisposedException(Name) : factory.SendAsync(Name, cancellationToken);

        public void Dispose() => Interlocked.Exchange(ref _disposed, 1);
    }
}
