using k8s;
using k8s.Models;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Operator.Runtime.Tests;

/// <summary>An informer of one kind running against a fresh fake API server, with fake time for its retry backoff and resync.</summary>
internal sealed class InformerHarness<T> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ResourceEvent<T>> _received = [];
    private Task? _running;

    private InformerHarness(FakeKubernetesApiServer server, OperatorOptions options)
    {
        Server = server;
        Client = server.CreateClient();
        Informer = new ResourceInformer<T>(ResourceKinds.For<T>(), Client, options, Time, NullLogger.Instance);
        Informer.Subscribe(e =>
        {
            lock (_received)
            {
                _received.Add(e);
            }
        });
    }

    public FakeKubernetesApiServer Server { get; }

    public IKubernetes Client { get; }

    public FakeTimeProvider Time { get; } = new();

    public ResourceInformer<T> Informer { get; }

    public IReadOnlyList<ResourceEvent<T>> Events
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<InformerHarness<T>> CreateAsync(Action<OperatorOptions>? configure = null)
    {
        var options = new OperatorOptions();
        configure?.Invoke(options);
        return new InformerHarness<T>(await FakeKubernetesApiServer.StartAsync(), options);
    }

    public void Start() => _running = Informer.RunAsync(_stop.Token);

    public async Task StartAndSyncAsync()
    {
        Start();
        await EventuallyAsync(() => Informer.HasSynced, "informer synced");
    }

    /// <summary>Polls <paramref name="condition"/>, moving fake time on a little each round so retry backoffs elapse.</summary>
    public Task EventuallyAsync(Func<bool> condition, string what) =>
        Poll.UntilAsync(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                Time.Advance(TimeSpan.FromMilliseconds(250));
                return false;
            },
            what,
            TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Client.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
