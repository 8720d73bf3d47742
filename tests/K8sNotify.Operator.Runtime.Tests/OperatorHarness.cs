using System.Collections.Concurrent;
using k8s;
using K8sNotify.TestSupport.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace K8sNotify.Operator.Runtime.Tests;

/// <summary>One operator process (generic host with the runtime and test controllers) against a fake API server.</summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private OperatorHarness(IHost host, IKubernetes client)
    {
        _host = host;
        Client = client;
    }

    public IKubernetes Client { get; }

    public IServiceProvider Services => _host.Services;

    public OperatorMetrics Metrics => _host.Services.GetRequiredService<OperatorMetrics>();

    public ReconcileLog Log => _host.Services.GetRequiredService<ReconcileLog>();

    public static async Task<OperatorHarness> StartAsync(
        FakeKubernetesApiServer server,
        string identity,
        TimeProvider time,
        Action<IServiceCollection> addControllers,
        IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new Dictionary<string, string?>
        {
            ["Operator:Identity"] = identity,
            ["Operator:LeaseNamespace"] = "k8snotify-system",
            ["Operator:LeaderElectionEnabled"] = "false",
            ["Operator:ReconcileBackoffBase"] = "00:00:01",
            ["Operator:ReconcileBackoffMax"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        var client = server.CreateClient(identity);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new OperatorMetrics(Prometheus.Metrics.NewCustomRegistry()));
        builder.Services.AddSingleton(new ReconcileLog(identity));
        builder.Services.AddOperatorRuntime(builder.Configuration);
        addControllers(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new OperatorHarness(host, client);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
        Client.Dispose();
    }
}

/// <summary>What the test reconcilers of one operator process did: every call, and any overlap of calls for one key.</summary>
internal sealed class ReconcileLog(string identity)
{
    private readonly ConcurrentDictionary<ObjectKey, int> _inFlight = new();
    private readonly ConcurrentQueue<ObjectKey> _calls = new();
    private readonly ConcurrentQueue<string> _seenLabels = new();
    private int _overlaps;

    public string Identity { get; } = identity;

    public int Overlaps => Volatile.Read(ref _overlaps);

    public IReadOnlyList<ObjectKey> Calls => [.. _calls];

    public int CallsFor(ObjectKey key) => _calls.Count(k => k == key);

    /// <summary>Labels of the objects reconcilers saw, in order.</summary>
    public IReadOnlyList<string> SeenLabels => [.. _seenLabels];

    public void Saw(IDictionary<string, string>? labels) =>
        _seenLabels.Enqueue(string.Join(',', (labels ?? new Dictionary<string, string>()).Select(pair => $"{pair.Key}={pair.Value}")));

    public IDisposable Enter(ObjectKey key)
    {
        _calls.Enqueue(key);
        if (_inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        return new Exit(() => _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1));
    }

    private sealed class Exit(Action exit) : IDisposable
    {
        public void Dispose() => exit();
    }
}
