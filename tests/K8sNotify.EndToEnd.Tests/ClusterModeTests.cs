using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.EndToEnd.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using K8sNotify.TestSupport.Smtp;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.EndToEnd.Tests;

/// <summary>
/// Cluster mode end to end, all real processes: Channels applied over HTTP, the operator binary writing children, the
/// kubelet stand-in running dispatchers from those pod specs, nats-server, redis-server and an SMTP sink.
/// </summary>
public sealed class ClusterModeTests(LocalCluster cluster) : IClassFixture<LocalCluster>
{
    [Fact]
    public async Task Apply_ProviderTemplateChannel_PublishedNotificationReachesSmtp()
    {
        var watch = Stopwatch.StartNew();
        var channel = await ApplyChannelAsync("e2e-deliver");

        await cluster.PublishAsync(channel.Subject, "deliver-1", "deliver@e2e.example", order: 41);

        await cluster.UntilAsync(() => cluster.MailTo("deliver@e2e.example").Count == 1, "the SMTP sink receives the notification", TimeSpan.FromSeconds(60));
        var mail = cluster.MailTo("deliver@e2e.example")[0];
        Assert.Contains("order 41", mail.Message.TextBody, StringComparison.Ordinal);
        var pod = Assert.Single(cluster.Kubelet.Pods(channel.Namespace));
        Assert.True(File.Exists(pod.Root + DispatcherMounts.BundleFile), "the bundle is mounted under the pod root");
        LocalCluster.Report("apply → Ready → delivered", watch);
    }

    [Fact]
    public async Task ScheduledAndRateLimited_MoreWaitsThanMaxAttempts_ParkedThenSentOnce()
    {
        // The smallest retry budget the CRD allows: one delivery per message. Every wait below is a park in the
        // Channel's park store and a release from it, never a redelivery charged against the consumer the operator wrote.
        const int MaxAttempts = 1;
        const int Limited = 4;
        var period = TimeSpan.FromSeconds(4);
        var channel = await ApplyChannelAsync("e2e-parking", maxAttempts: MaxAttempts, rateLimits: "{perRecipient: {requests: 1, period: 4s, burst: 1, action: delay}}");
        var resource = cluster.Api.Get<Channel>(channel.Namespace, channel.Name)!;
        var stream = NatsNames.StreamName(resource);
        var ct = TestContext.Current.CancellationToken;
        var statuses = await new NatsKVContext(cluster.JetStream).GetStoreAsync(NatsNames.StatusBucket(resource), ct);
        await using var events = await StatusEventLog.StartAsync(cluster.Nats.Url, NatsNames.StatusSubject(resource), ct);
        var limited = Enumerable.Range(0, Limited).Select(i => $"limited-{i}").ToList();
        string[] all = ["scheduled-0", .. limited];
        var watch = Stopwatch.StartNew();

        // Longer than the park threshold (5 s), so it parks; the old NAK hops would each have cost a delivery.
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(20);
        await cluster.PublishAsync(channel.Subject, "scheduled-0", "scheduled@e2e.example", sendAt: sendAt);
        foreach (var id in limited)
        {
            await cluster.PublishAsync(channel.Subject, id, "limited@e2e.example");
        }

        await cluster.UntilAsync(
            () => events.Latest("scheduled-0") == "scheduled" && limited.Any(id => events.Latest(id) == "waiting")
                && Consumer(stream).NumAckPending == 0 && ParkedMessages(resource) > 0,
            "both kinds wait in the park store while the work consumer holds nothing",
            TimeSpan.FromSeconds(30));
        var parkedAt = watch.Elapsed;

        await cluster.UntilAsync(
            () => all.All(id => State(statuses, id)?.State == "sent"),
            "every status record ends sent",
            TimeSpan.FromSeconds(60));
        await cluster.UntilAsync(
            () => Consumer(stream) is { NumAckPending: 0, NumPending: 0 } && ParkedMessages(resource) == 0,
            "the work consumer and the park store are drained",
            TimeSpan.FromSeconds(30));
        Assert.Single(cluster.MailTo("scheduled@e2e.example"));
        Assert.Equal(Limited, cluster.MailTo("limited@e2e.example").Count);
        var scheduled = State(statuses, "scheduled-0")!;
        Assert.True(scheduled.SentAt >= sendAt, $"sent at {scheduled.SentAt:O}, due {sendAt:O}");
        var sentTimes = limited.Select(id => State(statuses, id)!.SentAt!.Value).Order().ToList();
        var spread = sentTimes[^1] - sentTimes[0];
        Assert.True(spread >= (period * (Limited - 1)) - TimeSpan.FromSeconds(1), $"the rate limit spaces the sends: {spread}");
        Assert.All(all, id => Assert.Equal(1, State(statuses, id)!.Attempts));

        // A delayed notification waits until the limiter's next free slot and asks again, so the last one sent waited
        // more often than its whole retry budget; the first one sent never waited.
        var waits = all.ToDictionary(id => id, events.Waits, StringComparer.Ordinal);
        var described = string.Join(", ", waits.Select(w => w.Key + "=" + w.Value.ToString(CultureInfo.InvariantCulture)));
        var bySendTime = limited.OrderBy(id => State(statuses, id)!.SentAt).ToList();
        Assert.True(waits["scheduled-0"] >= 1 && waits[bySendTime[0]] == 0 && waits[bySendTime[^1]] > MaxAttempts, described);
        LocalCluster.Report(
            "sendAt +20 s and 4 rate-limited, maxAttempts 1 → parked → sent once",
            watch,
            $"parked seen at {parkedAt.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s; waits {described}");
    }

    [Fact]
    public async Task EditTemplate_PodsRollWithNewChecksum_NewMessagesCarryNewText()
    {
        var channel = await ApplyChannelAsync("e2e-template");
        var before = Checksum(channel);
        var oldPods = cluster.Kubelet.Pods(channel.Namespace).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();

        await cluster.ApplyAsync(channel.Namespace, ChannelManifests.WelcomeTemplate(text: "Second edition for {{ name }}."));

        await cluster.UntilAsync(() => Checksum(channel) != before, "the operator writes a new checksum", TimeSpan.FromSeconds(30));
        await cluster.UntilAsync(
            () => cluster.Kubelet.Pods(channel.Namespace) is { Count: 1 } pods && !oldPods.Contains(pods[0].Name) && pods[0].Ready,
            "the new pod is ready and the old one gone",
            LocalCluster.StartTimeout);
        var rolled = watch.Elapsed;
        var pod = cluster.Api.Get<V1Pod>(channel.Namespace, cluster.Kubelet.Pods(channel.Namespace)[0].Name);
        Assert.Equal(Checksum(channel), pod?.Metadata.Annotations[DispatcherAnnotations.ConfigChecksum]);

        await cluster.PublishAsync(channel.Subject, "template-2", "template@e2e.example");

        await cluster.UntilAsync(() => cluster.MailTo("template@e2e.example").Count == 1, "the edited text is delivered", TimeSpan.FromSeconds(60));
        Assert.Contains("Second edition for Ada.", cluster.MailTo("template@e2e.example")[0].Message.TextBody, StringComparison.Ordinal);
        LocalCluster.Report("edit Template → rolled → new text", watch, $"roll {rolled.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
    }

    [Fact]
    public async Task RotateSecret_PodsRoll_DeliveryUsesNewCredentials()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { RequiredLogin = ("e2e-user", "rotated-password") });
        const string Ns = "e2e-secret";
        await cluster.ApplyAsync(Ns, Secret("old-password"));
        var channel = await ApplyChannelAsync(Ns, ChannelManifests.Smtp("auth-sink", sink.Port, secret: "smtp-auth"));
        var oldPods = cluster.Kubelet.Pods(Ns).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();

        await cluster.ApplyAsync(Ns, Secret("rotated-password"));

        await cluster.UntilAsync(
            () => cluster.Kubelet.Pods(Ns) is { Count: 1 } pods && !oldPods.Contains(pods[0].Name) && pods[0].Ready,
            "a pod with the rotated Secret is ready and the old one gone",
            LocalCluster.StartTimeout);
        var root = cluster.Kubelet.Pods(Ns)[0].Root;
        Assert.Equal("rotated-password", File.ReadAllText(root + DispatcherMounts.SecretDirectory("smtp-auth") + "/password"));
        await cluster.PublishAsync(channel.Subject, "secret-1", "secret@e2e.example");

        await cluster.UntilAsync(
            () => sink.Received.Any(m => m.EnvelopeTo.Contains("secret@e2e.example") && m.AuthenticatedUser == "e2e-user"),
            "delivery logs in with the rotated password",
            TimeSpan.FromSeconds(60));
        LocalCluster.Report("rotate Secret → rolled → delivered with new credentials", watch);
    }

    [Fact]
    public async Task Scale_OneToThree_EveryNotificationSentOnce()
    {
        var channel = await ApplyChannelAsync("e2e-scale");
        var watch = Stopwatch.StartNew();

        await ScaleAsync(channel, 3);

        await cluster.UntilAsync(
            () => cluster.Kubelet.Pods(channel.Namespace) is { Count: 3 } pods && pods.All(p => p.Ready)
                && cluster.Api.Get<V1Deployment>(channel.Namespace, channel.Name + "-dispatcher")?.Status?.ReadyReplicas == 3,
            "three ready dispatchers",
            LocalCluster.StartTimeout);
        var scaled = watch.Elapsed;
        const int Count = 60;
        for (var i = 0; i < Count; i++)
        {
            await cluster.PublishAsync(channel.Subject, $"scale-{i}", $"scale-{i}@e2e.example");
        }

        await cluster.UntilAsync(
            () => Enumerable.Range(0, Count).All(i => cluster.MailTo($"scale-{i}@e2e.example").Count >= 1),
            $"all {Count} notifications delivered",
            TimeSpan.FromSeconds(90));
        await cluster.UntilAsync(() => ConsumerIdle(channel), "every message acknowledged", TimeSpan.FromSeconds(30));
        var duplicates = Enumerable.Range(0, Count).Where(i => cluster.MailTo($"scale-{i}@e2e.example").Count > 1).ToList();
        Assert.Empty(duplicates);
        LocalCluster.Report($"scale 1 → 3 → {Count} sent once", watch, $"scale {scaled.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
    }

    [Fact]
    public async Task KillOperator_Restart_ChildrenUnchanged()
    {
        var channel = await ApplyChannelAsync("e2e-restart");
        var before = ChildVersions(channel);
        var watch = Stopwatch.StartNew();
        var reconciledBefore = await ChannelReconcilesAsync(cluster.Operator);

        await cluster.Operator.KillAsync();
        await cluster.Operator.DisposeAsync();
        cluster.Operator = cluster.StartOperator("e2e-operator-a");
        await cluster.Operator.WaitReadyAsync(LocalCluster.StartTimeout, TestContext.Current.CancellationToken);

        var channels = cluster.Api.List<Channel>().Count;
        await Poll.UntilAsync(
            async () => await ChannelReconcilesAsync(cluster.Operator) >= channels,
            "the restarted operator reconciled every Channel",
            LocalCluster.StartTimeout,
            TestContext.Current.CancellationToken);
        Assert.True(reconciledBefore > 0);
        Assert.Equal(before, ChildVersions(channel));
        LocalCluster.Report("kill -9 operator → restarted → children unchanged", watch);
    }

    [Fact]
    public async Task TwoOperators_LeaderKilled_OtherTakesOverWithinLease()
    {
        var first = cluster.Operator;
        var second = cluster.StartOperator("e2e-operator-b");
        try
        {
            await second.WaitReadyAsync(LocalCluster.StartTimeout, TestContext.Current.CancellationToken);
            await cluster.UntilAsync(() => Holder() == first.Identity, "the first operator holds the Lease", TimeSpan.FromSeconds(30));
            Assert.Equal(first.Identity, Holder());
            var watch = Stopwatch.StartNew();

            await first.KillAsync();

            await Poll.UntilAsync(() => Holder() == second.Identity, "the second operator takes the Lease", LocalCluster.LeaseDuration * 4, TestContext.Current.CancellationToken);
            var failover = watch.Elapsed;
            cluster.Operator = second;
            await first.DisposeAsync();

            // Lease expiry plus one retry period, with slack for a loaded machine.
            Assert.True(failover < LocalCluster.LeaseDuration + TimeSpan.FromSeconds(5), $"failover took {failover}");
            var channel = await ApplyChannelAsync("e2e-failover");
            await cluster.PublishAsync(channel.Subject, "failover-1", "failover@e2e.example");
            await cluster.UntilAsync(() => cluster.MailTo("failover@e2e.example").Count == 1, "the new leader's Channel delivers", TimeSpan.FromSeconds(60));
            LocalCluster.Report("two operators → leader killed → takeover", watch, $"failover {failover.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        }
        finally
        {
            if (cluster.Operator != second)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task DeleteChannel_Finalizer_RemovesStreamConsumerAndDispatchers()
    {
        var channel = await ApplyChannelAsync("e2e-delete", extraSpec: "  deletionPolicy: Delete");
        var stream = $"K8SNOTIFY_{channel.Namespace.ToUpperInvariant()}_{channel.Name.ToUpperInvariant()}";
        var uid = cluster.Api.Get<Channel>(channel.Namespace, channel.Name)!.Metadata.Uid;
        await cluster.JetStream.GetStreamAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
        var watch = Stopwatch.StartNew();

        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            ApiGroup.Group, ApiGroup.Version, channel.Namespace, ApiGroup.ChannelPlural, channel.Name, cancellationToken: TestContext.Current.CancellationToken);

        await cluster.UntilAsync(() => cluster.Api.Get<Channel>(channel.Namespace, channel.Name) is null, "the finalizer releases the Channel", TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<NatsJSApiException>(async () => await cluster.JetStream.GetStreamAsync(stream, cancellationToken: TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<NatsJSApiException>(async () => await cluster.JetStream.GetConsumerAsync(stream, "dispatcher", TestContext.Current.CancellationToken));

        // The children name the Channel as their controller, so ownerReference garbage collection removes them.
        var deployment = cluster.Api.Get<V1Deployment>(channel.Namespace, channel.Name + "-dispatcher");
        if (deployment is not null)
        {
            Assert.Contains(deployment.Metadata.OwnerReferences, o => o.Uid == uid && o.Controller == true);
            await cluster.Client.AppsV1.DeleteNamespacedDeploymentAsync(deployment.Metadata.Name, channel.Namespace, cancellationToken: TestContext.Current.CancellationToken);
        }

        await cluster.UntilAsync(() => cluster.Kubelet.Pods(channel.Namespace).Count == 0, "the dispatcher processes stop", TimeSpan.FromSeconds(30));
        LocalCluster.Report("delete Channel → stream, consumer, dispatchers gone", watch);
    }

    // data, not stringData: the API server double stores stringData as sent instead of merging it into data.
    private static string Secret(string password) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: smtp-auth
        data:
          username: {Convert.ToBase64String("e2e-user"u8)}
          password: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(password))}
        """;

    private async Task<ChannelManifests> ApplyChannelAsync(
        string ns, (string Name, string Yaml)? provider = null, string? extraSpec = null, int maxAttempts = 5, string? rateLimits = null)
    {
        var manifests = new ChannelManifests
        {
            Name = "notify",
            Namespace = ns,
            Subject = $"{ns}.notify",
            Providers = [provider ?? ChannelManifests.Smtp("sink", cluster.Smtp.Port)],
            ExtraSpecYaml = extraSpec,
            MaxAttempts = maxAttempts,
            RateLimitsYaml = rateLimits,
        };
        await cluster.ApplyAsync(ns, string.Join("\n---\n", [manifests.Providers[0].Yaml, manifests.TemplateYaml, manifests.ChannelYaml]));
        await cluster.WaitChannelReadyAsync(ns, manifests.Name);
        return manifests;
    }

    private string? Checksum(ChannelManifests channel) =>
        cluster.Api.Get<V1Deployment>(channel.Namespace, channel.Name + "-dispatcher")?.Spec.Template.Metadata.Annotations[DispatcherAnnotations.ConfigChecksum];

    private async Task ScaleAsync(ChannelManifests channel, int replicas)
    {
        var patch = new V1Patch($$$"""{"spec":{"replicas":{{{replicas}}}}}""", V1Patch.PatchType.MergePatch);
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(patch, channel.Name + "-dispatcher", channel.Namespace, cancellationToken: TestContext.Current.CancellationToken);
    }

    private ConsumerInfo Consumer(string stream) =>
        cluster.JetStream.GetConsumerAsync(stream, NatsNames.ConsumerName).AsTask().GetAwaiter().GetResult().Info;

    private long ParkedMessages(Channel channel) =>
        cluster.JetStream.GetStreamAsync(ChannelJetStream.ParkStreamName(channel)).AsTask().GetAwaiter().GetResult().Info.State.Messages;

    private static StatusView? State(INatsKVStore statuses, string id)
    {
        var entry = statuses.GetEntryAsync<byte[]>(id, serializer: NatsRawSerializer<byte[]>.Default).AsTask().GetAwaiter().GetResult();
        return entry.Value is { } json ? JsonSerializer.Deserialize<StatusView>(json, JsonSerializerOptions.Web) : null;
    }

    private bool ConsumerIdle(ChannelManifests channel)
    {
        var stream = $"K8SNOTIFY_{channel.Namespace.ToUpperInvariant()}_{channel.Name.ToUpperInvariant()}";
        var consumer = cluster.JetStream.GetConsumerAsync(stream, "dispatcher").AsTask().GetAwaiter().GetResult();
        return consumer.Info.NumAckPending == 0 && consumer.Info.NumPending == 0;
    }

    // Every child's resourceVersion; the Deployment's status is the kubelet's and settles once the pods are ready.
    private Dictionary<string, string> ChildVersions(ChannelManifests channel)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string kind, IMetadata<V1ObjectMeta>? child)
        {
            if (child is not null)
            {
                versions[kind + "/" + child.Metadata.Name] = child.Metadata.ResourceVersion;
            }
        }

        var name = channel.Name + "-dispatcher";
        Add("Deployment", cluster.Api.Get<V1Deployment>(channel.Namespace, name));
        Add("ConfigMap", cluster.Api.Get<V1ConfigMap>(channel.Namespace, name + "-config"));
        Add("Service", cluster.Api.Get<V1Service>(channel.Namespace, name));
        Add("HorizontalPodAutoscaler", cluster.Api.Get<V2HorizontalPodAutoscaler>(channel.Namespace, name));
        Add("PodDisruptionBudget", cluster.Api.Get<V1PodDisruptionBudget>(channel.Namespace, name));
        Assert.True(versions.ContainsKey("Deployment/" + name) && versions.ContainsKey("ConfigMap/" + name + "-config"), string.Join(", ", versions.Keys));
        return versions;
    }

    private string? Holder() =>
        cluster.Api.Get<V1Lease>("default", "k8snotify-operator")?.Spec.HolderIdentity;

    private static async Task<double> ChannelReconcilesAsync(K8sNotify.TestSupport.Processes.OperatorChildProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync(new Uri(process.Endpoint, "/metrics"), TestContext.Current.CancellationToken);
        return K8sNotify.TestSupport.Metrics.PrometheusTextParser.Parse(text)
            .Where(s => s.Name == "k8snotify_operator_reconcile_total" && s.Labels.GetValueOrDefault("kind") == "Channel")
            .Sum(s => s.Value);
    }
}
