using k8s;
using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Operator.Runtime.Tests;

public sealed class ControllerTests : IAsyncLifetime
{
    private const string Ns = "team-a";
    private const string TemplatesIndex = "templates";
    private FakeKubernetesApiServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeKubernetesApiServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Reconcile_ConflictsAndDroppedWatches_EveryChannelConverges()
    {
        var time = new FakeTimeProvider();
        await using var op = await OperatorHarness.StartAsync(_server, "op", time, s => s.AddController<Channel, ObservedGenerationReconciler>());
        for (var i = 0; i < 5; i++)
        {
            _server.Put(NewChannel($"c{i}"));
        }

        // Status writes conflict, watches drop, and specs keep changing under the controller.
        _server.FailNext(6, r => r.Verb == "update" && r.Subresource == "status", 409);
        await EventuallyAsync(time, () => op.Log.Calls.Count >= 3, "reconciles started");
        _server.DropWatches();
        for (var i = 0; i < 5; i += 2)
        {
            var changed = NewChannel($"c{i}");
            changed.Spec.Subjects = [$"c{i}.v2.>"];
            _server.Put(changed);
        }

        _server.DropWatches();

        await EventuallyAsync(time, () => _server.List<Channel>(Ns).All(c => c.Status?.ObservedGeneration == c.Metadata.Generation), "every Channel converged");
        Assert.Equal(3, _server.List<Channel>(Ns).Count(c => c.Metadata.Generation == 2));

        // The first six status writes conflicted, and every Channel needed at least one write that succeeded.
        await EventuallyAsync(time, () => op.Metrics.ReconcileCount(ApiGroup.ChannelKind, ReconcileOutcome.Success) >= 5, "successes counted");
        Assert.True(op.Metrics.ReconcileCount(ApiGroup.ChannelKind, ReconcileOutcome.Error) >= 6);
        Assert.Equal(0, op.Log.Overlaps);
    }

    [Fact]
    public async Task Reconcile_StatusOnlyUpdate_DoesNotTriggerAnotherReconcile()
    {
        var time = new FakeTimeProvider();
        await using var op = await OperatorHarness.StartAsync(_server, "op", time, s => s.AddController<Channel, ObservedGenerationReconciler>());
        _server.Put(NewChannel("orders"));
        var key = new ObjectKey(Ns, "orders");
        await EventuallyAsync(time, () => _server.Get<Channel>(Ns, "orders")?.Status?.ObservedGeneration == 1, "converged");
        var informer = op.Services.GetRequiredService<IObjectCache<Channel>>();
        await EventuallyAsync(time, () => informer.Get(key)?.Status?.ObservedGeneration == 1, "cache saw the status write");

        var label = NewChannel("orders");
        label.Metadata.Labels = new Dictionary<string, string> { ["touched"] = "yes" };
        label.Status = _server.Get<Channel>(Ns, "orders")!.Status;
        _server.Put(label);

        await EventuallyAsync(time, () => op.Log.SeenLabels.Contains("touched=yes"), "label change reconciled");
        Assert.Equal(["", "touched=yes"], op.Log.SeenLabels);
    }

    [Fact]
    public async Task Reconcile_MappedKindThroughIndex_EnqueuesTheChannelsThatUseIt()
    {
        var time = new FakeTimeProvider();
        await using var op = await OperatorHarness.StartAsync(_server, "op", time, s => s.AddController<Channel, ObservedGenerationReconciler>(c => c
            .WithIndex(TemplatesIndex, ch => ch.Spec.Templates.Select(t => $"{ch.Metadata.NamespaceProperty}/{t}"))
            .WatchesByIndex<Template>(TemplatesIndex, t => [$"{t.Metadata.NamespaceProperty}/{t.Metadata.Name}"])));
        _server.Put(NewChannel("orders", "receipt"));
        _server.Put(NewChannel("billing", "receipt", "invoice"));
        _server.Put(NewChannel("alerts", "page"));
        await EventuallyAsync(time, () => op.Log.Calls.Distinct().Count() == 3, "initial reconciles");
        var before = op.Log.Calls.Count;

        _server.Put(new Template { Metadata = new V1ObjectMeta { Name = "receipt", NamespaceProperty = Ns } });

        await EventuallyAsync(time, () => op.Log.Calls.Count >= before + 2, "channels using the template reconciled");
        var after = op.Log.Calls.Skip(before).Select(k => k.Name).Order().ToList();
        Assert.Equal(["billing", "orders"], after);
    }

    [Fact]
    public async Task Reconcile_OwnedKind_EnqueuesTheOwner()
    {
        var time = new FakeTimeProvider();
        await using var op = await OperatorHarness.StartAsync(_server, "op", time, s => s.AddController<Channel, ObservedGenerationReconciler>(c => c.Owns<V1Deployment>()));
        var owner = _server.Put(NewChannel("orders"));
        var key = new ObjectKey(Ns, "orders");
        await EventuallyAsync(time, () => op.Log.CallsFor(key) == 1, "initial reconcile");

        _server.Put(new V1Deployment
        {
            Metadata = new V1ObjectMeta
            {
                Name = "orders-dispatcher",
                NamespaceProperty = Ns,
                OwnerReferences = [new V1OwnerReference { ApiVersion = ApiGroup.ApiVersion, Kind = ApiGroup.ChannelKind, Name = "orders", Uid = owner.Metadata.Uid, Controller = true }],
            },
        });
        _server.Put(new V1Deployment { Metadata = new V1ObjectMeta { Name = "unrelated", NamespaceProperty = Ns } });

        await EventuallyAsync(time, () => op.Log.CallsFor(key) == 2, "owner reconciled after its Deployment changed");
        Assert.Equal(2, op.Log.Calls.Count);
    }

    [Fact]
    public async Task Reconcile_Throws_RetriesWithGrowingBackoffUntilItSucceeds()
    {
        var time = new FakeTimeProvider();
        await using var op = await OperatorHarness.StartAsync(_server, "op", time, s => s.AddController<Channel, FailingThenSucceedingReconciler>());
        _server.Put(NewChannel("orders"));
        var key = new ObjectKey(Ns, "orders");

        await Poll.UntilAsync(() => op.Metrics.ReconcileCount(ApiGroup.ChannelKind, ReconcileOutcome.Error) == 1, "first failure counted", cancellationToken: TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, op.Log.CallsFor(key));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => op.Metrics.ReconcileCount(ApiGroup.ChannelKind, ReconcileOutcome.Error) == 2, "retry after 1s failed again", cancellationToken: TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(2, op.Log.CallsFor(key));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => op.Metrics.ReconcileCount(ApiGroup.ChannelKind, ReconcileOutcome.Success) == 1, "third attempt after 2s succeeds", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, op.Log.CallsFor(key));
    }

    [Fact]
    public async Task Reconcile_ManyEventsForFewKeys_NeverRunsTheSameKeyConcurrently()
    {
        var time = new FakeTimeProvider();
        await using var op = await OperatorHarness.StartAsync(
            _server, "op", time, s => s.AddController<Channel, SlowReconciler>(c => c.WithWorkers(4).WithPrimaryFilter(ResourceEventFilters.All)));
        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                var channel = NewChannel($"c{i}");
                channel.Spec.Subjects = [$"round{round}"];
                _server.Put(channel);
            }
        }

        await EventuallyAsync(time, () => op.Metrics.QueueDepth(ApiGroup.ChannelKind) == 0 && op.Log.Calls.Count >= 3, "queue drained");
        Assert.Equal(0, op.Log.Overlaps);
    }

    [Fact]
    public async Task TwoOperators_OnlyTheLeaderReconciles_AndTheStandbyTakesOverWhenItStops()
    {
        var leaseSettings = new Dictionary<string, string?>
        {
            ["Operator:LeaderElectionEnabled"] = "true",
            ["Operator:LeaseDuration"] = "00:00:03",
            ["Operator:RenewDeadline"] = "00:00:01",
            ["Operator:RetryPeriod"] = "00:00:00.2",
        };
        _server.Put(NewChannel("orders"));
        await using var first = await OperatorHarness.StartAsync(_server, "first", TimeProvider.System, s => s.AddController<Channel, ObservedGenerationReconciler>(), leaseSettings);
        await Poll.UntilAsync(() => first.Log.Calls.Count > 0, "first leads and reconciles", cancellationToken: TestContext.Current.CancellationToken);
        await using var second = await OperatorHarness.StartAsync(_server, "second", TimeProvider.System, s => s.AddController<Channel, ObservedGenerationReconciler>(), leaseSettings);
        var secondCache = second.Services.GetRequiredService<IObjectCache<Channel>>();
        await secondCache.WaitForSyncAsync(TestContext.Current.CancellationToken);

        _server.Put(NewChannel("billing"));
        await Poll.UntilAsync(() => first.Log.CallsFor(new ObjectKey(Ns, "billing")) > 0 && secondCache.Get(new ObjectKey(Ns, "billing")) is not null, "leader reconciled, standby cached", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(second.Log.Calls);

        await first.StopAsync();
        _server.Put(NewChannel("alerts"));

        await Poll.UntilAsync(() => second.Log.CallsFor(new ObjectKey(Ns, "alerts")) > 0, "standby took over", TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal("second", _server.Get<V1Lease>("k8snotify-system", OperatorOptions.DefaultLeaseName)?.Spec.HolderIdentity);
        Assert.Contains(new ObjectKey(Ns, "orders"), second.Log.Calls);
    }

    private static Channel NewChannel(string name, params string[] templates) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Spec = new ChannelSpec { Type = ChannelType.Email, Subjects = [$"{name}.>"], Templates = [.. templates] },
    };

    private static Task EventuallyAsync(FakeTimeProvider time, Func<bool> condition, string what) =>
        Poll.UntilAsync(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                time.Advance(TimeSpan.FromMilliseconds(500));
                return false;
            },
            what,
            TimeSpan.FromSeconds(25),
            TestContext.Current.CancellationToken);

    /// <summary>Level-based: writes status.observedGeneration with the cached resourceVersion (so a stale cache conflicts).</summary>
    private sealed class ObservedGenerationReconciler(IObjectCache<Channel> channels, IKubernetes client, ReconcileLog log) : IReconciler
    {
        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            using var _ = log.Enter(key);
            var channel = channels.Get(key);
            log.Saw(channel?.Metadata.Labels);
            if (channel is null || channel.Status?.ObservedGeneration == channel.Metadata.Generation)
            {
                return ReconcileResult.Done;
            }

            var update = new Channel
            {
                Metadata = new V1ObjectMeta { Name = key.Name, NamespaceProperty = key.Namespace, ResourceVersion = channel.Metadata.ResourceVersion },
                Spec = channel.Spec,
                Status = new ChannelStatus { ObservedGeneration = channel.Metadata.Generation },
            };
            await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(
                update, ApiGroup.Group, ApiGroup.Version, key.Namespace, ApiGroup.ChannelPlural, key.Name, cancellationToken: cancellationToken);
            return ReconcileResult.Done;
        }
    }

    private sealed class FailingThenSucceedingReconciler(ReconcileLog log) : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            using var _ = log.Enter(key);
            return log.CallsFor(key) switch
            {
                1 => throw new InvalidOperationException("first attempt fails"),
                2 => Task.FromResult(ReconcileResult.Error("second attempt fails")),
                _ => Task.FromResult(ReconcileResult.Done),
            };
        }
    }

    private sealed class SlowReconciler(ReconcileLog log) : IReconciler
    {
        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            using var _ = log.Enter(key);
            await Task.Yield();
            Thread.SpinWait(10_000);
            return ReconcileResult.Done;
        }
    }
}
