using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubelet;
using K8sNotify.TestSupport.Kubernetes;
using K8sNotify.TestSupport.Processes;
using K8sNotify.TestSupport.Smtp;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.EndToEnd.Tests.Support;

/// <summary>
/// One local cluster shared by the scenarios: the API server double, nats-server, redis-server, an SMTP sink, the
/// real operator binary with leader election, and the kubelet stand-in running dispatcher processes from the pod
/// specs the operator writes. Scenarios isolate themselves by namespace.
/// </summary>
public sealed class LocalCluster : IAsyncLifetime
{
    /// <summary>Short lease timings so a failover is observable within seconds.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(6);

    /// <summary>A dispatcher cold start JITs on a loaded 2-core machine; Ready may take this long.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly string _work = Directory.CreateTempSubdirectory("k8snotify-e2e-").FullName;
    private NatsConnection? _nats;

    public FakeKubernetesApiServer Api { get; private set; } = null!;

    public NatsServer Nats { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public SmtpSink Smtp { get; private set; } = null!;

    public KubeletStandIn Kubelet { get; private set; } = null!;

    public OperatorChildProcess Operator { get; set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    public INatsJSContext JetStream { get; private set; } = null!;

    public string KubeconfigPath { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (NatsServer.UnavailableReason is { } nats)
        {
            Assert.Skip(nats);
        }

        if (RedisServer.UnavailableReason is { } redis)
        {
            Assert.Skip(redis);
        }

        Api = await FakeKubernetesApiServer.StartAsync();
        Api.RegisterResource(new FakeResource(string.Empty, "v1", "pods", "Pod"));
        Nats = await NatsServer.StartAsync();
        Redis = await RedisServer.StartAsync();
        Smtp = await SmtpSink.StartAsync();
        KubeconfigPath = Kubeconfig.Write(Path.Combine(_work, "kubeconfig"), Api.BaseAddress);
        Client = Api.CreateClient("e2e-test");
        _nats = new NatsConnection(new NatsOpts { Url = Nats.Url });
        JetStream = new NatsJSContext(_nats);
        Kubelet = KubeletStandIn.Start(new KubeletStandInOptions
        {
            ApiServer = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath),
            DispatcherAssembly = DispatcherChildProcess.LocateDll(),
            PodRootDirectory = Path.Combine(_work, "pods"),
            MaxTerminationGracePeriod = TimeSpan.FromSeconds(10),
            ExtraEnvironment = new Dictionary<string, string>
            {
                // Small processes: several dispatchers share two cores in CI.
                ["DOTNET_gcServer"] = "0",
                ["DOTNET_TieredPGO"] = "0",
                // Probes every half second would drown a failure message in request logs.
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            },
        });
        Operator = StartOperator("e2e-operator-a");
        await Operator.WaitReadyAsync(StartTimeout);
    }

    /// <summary>Starts another operator process against the same API server (leader election decides who reconciles).</summary>
    public OperatorChildProcess StartOperator(string identity) =>
        OperatorChildProcess.Start(KubeconfigPath, identity, new Dictionary<string, string>
        {
            ["Dispatcher:Image"] = "ghcr.io/k8snotify/dispatcher:e2e",
            ["Dispatcher:NatsUrl"] = Nats.Url,
            ["Dispatcher:RedisUrl"] = Redis.ConnectionString,
            ["Operator:LeaseNamespace"] = "default",
            ["Operator:LeaseDuration"] = Format(LeaseDuration),
            ["Operator:RenewDeadline"] = "00:00:04",
            ["Operator:RetryPeriod"] = "00:00:01",
        });

    /// <summary>Server-side applies every document of <paramref name="yaml"/> into <paramref name="ns"/> over HTTP, as <c>kubectl apply --server-side</c> does.</summary>
    public async Task ApplyAsync(string ns, string yaml)
    {
        foreach (var document in YamlJson.ParseDocuments(yaml).OfType<JsonObject>())
        {
            var metadata = (JsonObject)document["metadata"]!;
            metadata["namespace"] = ns;
            var name = (string)metadata["name"]!;
            var kind = (string)document["kind"]!;
            var patch = new V1Patch(document.ToJsonString(), V1Patch.PatchType.ApplyPatch);
            var cancellationToken = TestContext.Current.CancellationToken;
            _ = kind switch
            {
                "Secret" => await Client.CoreV1.PatchNamespacedSecretAsync(patch, name, ns, fieldManager: "e2e", force: true, cancellationToken: cancellationToken) as object,
                "Channel" or "Template" or "Provider" => await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                    patch, ApiGroup.Group, ApiGroup.Version, ns, kind.ToLowerInvariant() + "s", name, fieldManager: "e2e", force: true, cancellationToken: cancellationToken),
                _ => throw new ArgumentException($"cannot apply kind {kind}", nameof(yaml)),
            };
        }
    }

    /// <summary>Waits until the Channel's Ready condition is True for its current generation.</summary>
    public Task WaitChannelReadyAsync(string ns, string name, TimeSpan? timeout = null) =>
        UntilAsync(
            () => Api.Get<Channel>(ns, name) is { } channel
                && channel.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { Status: "True" } ready
                && ready.ObservedGeneration == channel.Metadata.Generation,
            $"Channel {ns}/{name} Ready",
            timeout ?? StartTimeout);

    /// <summary>Polls <paramref name="condition"/>; a timeout message carries the operator's and the pods' output.</summary>
    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        try
        {
            await Poll.UntilAsync(
                () =>
                {
                    Operator.ThrowIfExited();
                    return condition();
                },
                what,
                timeout,
                TestContext.Current.CancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- operator {Operator.Identity}:\n{Tail(Operator.Output)}\n{Tail(Kubelet.Diagnostics())}", e);
        }
    }

    /// <summary>Mails the sink received for <paramref name="recipient"/>.</summary>
    public IReadOnlyList<ReceivedMail> MailTo(string recipient) =>
        [.. Smtp.Received.Where(m => m.EnvelopeTo.Any(t => string.Equals(t, recipient, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Publishes a notification for the welcome Template to <paramref name="subject"/>, due at <paramref name="sendAt"/> when given.</summary>
    public async Task PublishAsync(string subject, string id, string to, int order = 1, DateTimeOffset? sendAt = null)
    {
        var schedule = sendAt is { } due ? $",\"sendAt\":\"{due.ToString("O", CultureInfo.InvariantCulture)}\"" : string.Empty;
        var body = $$$"""{"id":"{{{id}}}","template":"welcome","to":"{{{to}}}"{{{schedule}}},"data":{"name":"Ada","order":{{{order.ToString(CultureInfo.InvariantCulture)}}}}}""";
        var ack = await JetStream.PublishAsync(subject, System.Text.Encoding.UTF8.GetBytes(body), serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: TestContext.Current.CancellationToken);
        ack.EnsureSuccess();
    }

    /// <summary>Records how long a scenario took (printed by the test and collected in e2e-timings.txt next to the test assembly).</summary>
    public static void Report(string scenario, Stopwatch watch, string? detail = null)
    {
        var line = $"{scenario}: {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s{(detail is null ? string.Empty : " (" + detail + ")")}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "e2e-timings.txt"), $"{DateTime.UtcNow:O} {line}\n");
    }

    public async ValueTask DisposeAsync()
    {
        // Processes first (the kubelet stops its dispatchers by PID), then the servers they talk to.
        if (Kubelet is not null)
        {
            await Kubelet.DisposeAsync();
        }

        if (Operator is not null)
        {
            await Operator.DisposeAsync();
        }

        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }

        Client?.Dispose();
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (Nats is not null)
        {
            await Nats.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Temp cleanup removes it later.
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Tail(string text) => text.Length > 6000 ? text[^6000..] : text;
}
