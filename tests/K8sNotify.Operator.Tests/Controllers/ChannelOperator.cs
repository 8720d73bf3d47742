using k8s.Models;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Conditions;
using K8sNotify.Operator.Controllers;
using K8sNotify.Operator.Runtime;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;
using K8sNotify.TestSupport.Processes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Operator.Tests.Controllers;

/// <summary>The operator's controllers in-process against the fake Kubernetes API server and a real nats-server.</summary>
internal sealed class ChannelOperator : IAsyncDisposable
{
    public const string Image = "registry.example.com/k8snotify/dispatcher:test";

    private readonly IHost _host;
    private readonly NatsConnection _nats;

    private ChannelOperator(FakeKubernetesApiServer api, NatsServer natsServer, IHost host)
    {
        Api = api;
        NatsServer = natsServer;
        _host = host;
        _nats = new NatsConnection(new NatsOpts { Url = natsServer.Url });
        JetStream = new NatsJSContext(_nats);
    }

    public FakeKubernetesApiServer Api { get; }

    public NatsServer NatsServer { get; }

    public INatsJSContext JetStream { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<ChannelOperator> StartAsync(bool prometheusOperator = false, IDictionary<string, string?>? settings = null)
    {
        var natsServer = await NatsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var api = await FakeKubernetesApiServer.StartAsync(TestContext.Current.CancellationToken);
        if (prometheusOperator)
        {
            api.RegisterPrometheusOperatorResources();
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new Dictionary<string, string?>
        {
            ["Operator:LeaderElectionEnabled"] = "false",
            ["Operator:ReconcileBackoffBase"] = "00:00:00.200",
            ["Operator:ReconcileBackoffMax"] = "00:00:02",
            ["Dispatcher:Image"] = Image,
            ["Dispatcher:NatsUrl"] = natsServer.Url,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        // K8SNOTIFY_TEST_LOGS=1 prints the operator's logs while debugging a test.
        builder.Services.AddLogging(l =>
        {
            if (Environment.GetEnvironmentVariable("K8SNOTIFY_TEST_LOGS") == "1")
            {
                l.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug);
            }
        });
        builder.Services.AddSingleton(api.CreateClient("k8snotify-operator"));
        builder.Services.AddSingleton(new OperatorMetrics(Prometheus.Metrics.NewCustomRegistry()));
        builder.Services.AddSingleton(new ConditionMetrics(Prometheus.Metrics.NewCustomRegistry()));
        builder.Services.AddOperatorRuntime(builder.Configuration);
        builder.Services.AddK8sNotifyControllers(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new ChannelOperator(api, natsServer, host);
    }

    /// <summary>Writes every object of a manifest set, as kubectl apply would (Secrets first, Channels last).</summary>
    public void Apply(ManifestSet set)
    {
        foreach (var s in set.Secrets)
        {
            // The API server stores stringData as data.
            s.Data ??= new Dictionary<string, byte[]>();
            foreach (var (k, v) in s.StringData ?? new Dictionary<string, string>())
            {
                s.Data[k] = System.Text.Encoding.UTF8.GetBytes(v);
            }

            s.StringData = null;
            Api.Put(s);
        }

        set.Providers.ForEach(p => Api.Put(p));
        set.Templates.ForEach(t => Api.Put(t));
        set.Channels.ForEach(c => Api.Put(c));
    }

    /// <summary>The shop manifests with single-replica streams, as the one-node test nats-server requires.</summary>
    public static ManifestSet Shop()
    {
        var set = TestManifests.Read("shop");
        foreach (var c in set.Channels.Where(c => c.Spec.Stream is not null))
        {
            c.Spec.Stream!.Replicas = 1;
        }

        return set;
    }

    public Channel? Channel(string ns, string name) => Api.Get<Channel>(ns, name);

    public V1Deployment? Deployment(string ns, string channel) => Api.Get<V1Deployment>(ns, channel + "-dispatcher");

    /// <summary>Plays the Deployment controller: the current pod template is rolled out and available.</summary>
    public void MarkDispatchersAvailable(string ns, string channel, int replicas = 1)
    {
        var deployment = Deployment(ns, channel) ?? throw new InvalidOperationException("no Deployment yet");
        deployment.Status = new V1DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata.Generation,
            Replicas = replicas,
            UpdatedReplicas = replicas,
            ReadyReplicas = replicas,
            AvailableReplicas = replicas,
        };
        Api.Put(deployment);
    }

    /// <summary>Waits for the Deployment, marks it available and waits for Ready=True.</summary>
    public async Task WaitReadyAsync(string ns, string channel, TimeSpan? timeout = null)
    {
        await Until(() => Deployment(ns, channel) is not null, $"Deployment {ns}/{channel}-dispatcher", timeout);
        MarkDispatchersAvailable(ns, channel);
        await Until(() => IsReady(Channel(ns, channel)), $"Channel {ns}/{channel} Ready", timeout);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, cancelled with the test.</summary>
    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Poll.UntilAsync(condition, what, timeout, TestContext.Current.CancellationToken);

    public static bool IsReady(Channel? channel) =>
        channel is not null && StatusConditions.IsReady(channel.Status, channel.Metadata.Generation);

    public static string? ReadyReason(Channel? channel) => StatusConditions.Find(channel?.Status, ConditionTypes.Ready)?.Reason;

    public async Task<bool> StreamExistsAsync(string name)
    {
        try
        {
            await JetStream.GetStreamAsync(name, cancellationToken: TestContext.Current.CancellationToken);
            return true;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await _host.StopAsync(timeout.Token);
        }

        _host.Dispose();
        await _nats.DisposeAsync();
        await Api.DisposeAsync();
        await NatsServer.DisposeAsync();
    }
}
