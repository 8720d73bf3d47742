using k8s;
using k8s.Models;
using K8sNotify.Operator.Runtime.Leadership;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace K8sNotify.Operator.Runtime.Tests.Leadership;

/// <summary>
/// Two electors on one Lease against the fake API server. LeaderElector runs on real time, so the lease timings are
/// short and the tests poll with deadlines.
/// </summary>
public sealed class LeaseLeadershipTests : IAsyncLifetime
{
    private const string LeaseNamespace = "k8snotify-system";
    private const string LeaseName = "k8snotify-operator";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _leading = [];
    private readonly List<Candidate> _candidates = [];
    private readonly HashSet<string> _failing = [];
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _terms = [];
    private FakeKubernetesApiServer _server = null!;
    private int _maxConcurrentLeaders;

    public async ValueTask InitializeAsync() => _server = await FakeKubernetesApiServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var candidate in _candidates)
        {
            await candidate.StopAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_TwoCandidates_ExactlyOneLeads()
    {
        Start("a");
        Start("b");

        await UntilAsync(() => LeaderCount() == 1 && HolderIdentity() is "a" or "b", "one leader");
        var leader = HolderIdentity()!;
        await UntilAsync(() => _server.RequestCount("update", "leases") >= 3, "leader renewed a few times");

        Assert.Equal(1, LeaderCount());
        Assert.True(IsLeading(leader));
        Assert.Equal(leader, HolderIdentity());
        Assert.Equal(1, _maxConcurrentLeaders);
    }

    [Fact]
    public async Task RunAsync_LeaderStops_StandbyTakesOver()
    {
        var a = Start("a");
        await UntilAsync(() => IsLeading("a"), "a leads");
        var b = Start("b");

        await a.StopAsync();

        await UntilAsync(() => IsLeading("b"), "b takes over", TimeSpan.FromSeconds(15));
        Assert.False(IsLeading("a"));
        Assert.Equal("b", HolderIdentity());
        Assert.Equal(1, _maxConcurrentLeaders);
        Assert.False(b.Run.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_LeaderCannotRenew_StopsLeadingAndStandbyTakesOver()
    {
        Start("a");
        await UntilAsync(() => IsLeading("a"), "a leads");
        Start("b");

        // a is cut off from the API server: it must stop reconciling on its own before b's takeover.
        _server.FailNext(int.MaxValue, r => r.UserAgent == "a" && r.Resource == "leases");

        await UntilAsync(() => IsLeading("b"), "b takes over", TimeSpan.FromSeconds(20));
        Assert.False(IsLeading("a"));
        Assert.Equal(1, _maxConcurrentLeaders);
    }

    [Fact]
    public async Task RunAsync_LeaderWorkFails_GivesUpTheLeaseSoTheStandbyLeads()
    {
        _failing.Add("a");
        Start("a");
        await UntilAsync(() => _terms.Contains("a"), "a started a term");
        Start("b");

        await UntilAsync(() => IsLeading("b"), "b leads while a keeps failing", TimeSpan.FromSeconds(15));
        Assert.False(IsLeading("a"));
        Assert.Equal("b", HolderIdentity());
    }

    [Fact]
    public async Task RunAsync_LeaderElectionDisabled_RunsWorkWithoutALease()
    {
        Start("solo", o => o.LeaderElectionEnabled = false);

        await UntilAsync(() => IsLeading("solo"), "solo runs");
        Assert.Equal(0, _server.RequestCount("get", "leases") + _server.RequestCount("create", "leases"));
    }

    private static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Poll.UntilAsync(condition, what, timeout, TestContext.Current.CancellationToken);

    private Candidate Start(string identity, Action<OperatorOptions>? configure = null)
    {
        var options = new OperatorOptions
        {
            Identity = identity,
            LeaseName = LeaseName,
            LeaseNamespace = LeaseNamespace,
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        var client = _server.CreateClient(identity);
        var leadership = new LeaseLeadership(client, Options.Create(options), TimeProvider.System, NullLogger<LeaseLeadership>.Instance);
        var stop = new CancellationTokenSource();
        var run = leadership.RunAsync(token => WorkAsync(identity, token), stop.Token);
        var candidate = new Candidate(client, stop, run);
        _candidates.Add(candidate);
        return candidate;
    }

    private async Task WorkAsync(string identity, CancellationToken leading)
    {
        _terms.Add(identity);
        if (_failing.Contains(identity))
        {
            throw new InvalidOperationException("controllers crashed");
        }

        lock (_gate)
        {
            _leading[identity] = true;
            _maxConcurrentLeaders = Math.Max(_maxConcurrentLeaders, _leading.Values.Count(v => v));
        }

        try
        {
            await Task.Delay(Timeout.Infinite, leading);
        }
        finally
        {
            lock (_gate)
            {
                _leading[identity] = false;
            }
        }
    }

    private bool IsLeading(string identity)
    {
        lock (_gate)
        {
            return _leading.GetValueOrDefault(identity);
        }
    }

    private int LeaderCount()
    {
        lock (_gate)
        {
            return _leading.Values.Count(v => v);
        }
    }

    private string? HolderIdentity() => _server.Get<V1Lease>(LeaseNamespace, LeaseName)?.Spec?.HolderIdentity;

    private sealed class Candidate(IKubernetes client, CancellationTokenSource stop, Task run)
    {
        private bool _stopped;

        public Task Run { get; } = run;

        public async Task StopAsync()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await stop.CancelAsync();
            await Run.WaitAsync(TimeSpan.FromSeconds(15));
            client.Dispose();
            stop.Dispose();
        }
    }
}
