using System.Runtime.CompilerServices;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// The rate limit gate: GCRA in Redis shared by all replicas (one script call per message for all its scopes),
/// or in memory when no Redis is configured. While Redis is unreachable each Channel's failurePolicy answers:
/// open uses the in-memory limiter with limits divided by the replica count, closed delays every message.
/// </summary>
internal sealed class GcraRateLimitGate : IRateLimitGate
{
    private const string DefaultNamespace = "default";

    private readonly InMemoryGcraStore _local;
    private readonly RedisGcraStore? _shared;
    private readonly RedisLimiterHealth? _health;
    private readonly RateLimitMetrics _metrics;
    private readonly RateLimiterOptions _options;
    private readonly ReplicaCount _replicas;
    private readonly ConditionalWeakTable<object, ParsedLimit> _parsed = new();

    /// <summary>A gate over Redis (<paramref name="shared"/> and <paramref name="health"/> set) or standalone (both null); <paramref name="replicas"/> defaults to the options' fixed count.</summary>
    public GcraRateLimitGate(
        InMemoryGcraStore local,
        RedisGcraStore? shared,
        RedisLimiterHealth? health,
        RateLimitMetrics metrics,
        IOptions<RateLimiterOptions> options,
        ReplicaCount? replicas = null)
    {
        if ((shared is null) != (health is null))
        {
            throw new ArgumentException("a shared store needs its health monitor, and only then", nameof(health));
        }

        _local = local;
        _shared = shared;
        _health = health;
        _metrics = metrics;
        _options = options.Value;
        _replicas = replicas ?? new ReplicaCount(options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReplicaCount>.Instance);
    }

    /// <summary>Whether limits are currently decided in memory although Redis is configured.</summary>
    public bool IsDegraded => _health?.IsDegraded ?? false;

    public ValueTask<RateLimitVerdict> CheckMessageAsync(Channel channel, string recipient, CancellationToken cancellationToken) =>
        DispatcherTracing.Source.HasListeners() ? CheckMessageTracedAsync(channel, recipient, cancellationToken) : CheckMessageCoreAsync(channel, recipient, cancellationToken);

    private async ValueTask<RateLimitVerdict> CheckMessageTracedAsync(Channel channel, string recipient, CancellationToken cancellationToken)
    {
        using var activity = DispatcherTracing.StartStep("rate limit");
        var verdict = await CheckMessageCoreAsync(channel, recipient, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("k8snotify.rate_limit.decision", verdict.Decision.ToString());
        activity?.SetTag("k8snotify.rate_limit.scope", verdict.Scope);
        return verdict;
    }

    private async ValueTask<RateLimitVerdict> CheckMessageCoreAsync(Channel channel, string recipient, CancellationToken cancellationToken)
    {
        var limits = channel.Spec.RateLimits;
        var (ns, name) = NameOf(channel);
        var policy = limits?.FailurePolicy ?? FailurePolicy.Open;
        if (limits?.PerRecipient is null && limits?.PerChannel is null)
        {
            // Nothing to count, but closed still means "nothing passes while limits cannot be checked".
            return policy == FailurePolicy.Closed && IsDegraded ? FailClosed(name) : RateLimitVerdict.Allowed;
        }

        var count = (limits.PerRecipient is null ? 0 : 1) + (limits.PerChannel is null ? 0 : 1);
        var scopes = new (string Scope, ScopedRateLimit Spec)[count];
        var shared = new GcraRequest[count];
        var local = new GcraRequest[count];
        var i = 0;
        if (limits.PerRecipient is { } perRecipient)
        {
            var (sharedLimit, localLimit) = Parse(perRecipient, perRecipient.Requests, perRecipient.Period, perRecipient.Burst, RateLimitScopes.Recipient, ns, name);
            var key = RateLimitKeys.Recipient(ns, name, recipient);
            scopes[i] = (RateLimitScopes.Recipient, perRecipient);
            shared[i] = new GcraRequest(key, sharedLimit);
            local[i++] = new GcraRequest(key, localLimit);
        }

        if (limits.PerChannel is { } perChannel)
        {
            var (sharedLimit, localLimit) = Parse(perChannel, perChannel.Requests, perChannel.Period, perChannel.Burst, RateLimitScopes.Channel, ns, name);
            var key = RateLimitKeys.Channel(ns, name);
            scopes[i] = (RateLimitScopes.Channel, perChannel);
            shared[i] = new GcraRequest(key, sharedLimit);
            local[i] = new GcraRequest(key, localLimit);
        }

        if (await DecideAsync(policy, shared, local, cancellationToken).ConfigureAwait(false) is not { } outcome)
        {
            return FailClosed(name);
        }

        if (outcome.Allowed)
        {
            foreach (var (scope, _) in scopes)
            {
                _metrics.Decided(name, scope, RateLimitMetrics.Allow);
            }

            return RateLimitVerdict.Allowed;
        }

        // A drop scope that denies wins: the message is over that limit now, and drop means it is not sent at all.
        // Otherwise the message waits for the longest of the denying scopes.
        var decider = -1;
        for (var s = 0; s < scopes.Length; s++)
        {
            if (!outcome.Denied(s))
            {
                continue;
            }

            var isDrop = scopes[s].Spec.Action == RateLimitAction.Drop;
            var deciderIsDrop = decider >= 0 && scopes[decider].Spec.Action == RateLimitAction.Drop;
            if (decider < 0 || (isDrop && !deciderIsDrop) || (isDrop == deciderIsDrop && outcome.RetryAfter(s) > outcome.RetryAfter(decider)))
            {
                decider = s;
            }
        }

        var decision = scopes[decider].Spec.Action == RateLimitAction.Drop ? RateLimitDecision.Drop : RateLimitDecision.Delay;
        _metrics.Decided(name, scopes[decider].Scope, decision == RateLimitDecision.Drop ? RateLimitMetrics.Drop : RateLimitMetrics.Delay);
        return new RateLimitVerdict(decision, outcome.RetryAfter(decider), scopes[decider].Scope);
    }

    public async ValueTask<bool> TryAcquireProviderAsync(Channel channel, Provider provider, CancellationToken cancellationToken)
    {
        if (provider.Spec.RateLimit is not { } quota)
        {
            return true;
        }

        var (ns, name) = NameOf(channel);
        var providerName = provider.Metadata.Name ?? "";
        var (sharedLimit, localLimit) = Parse(quota, quota.Requests, quota.Period, quota.Burst, RateLimitScopes.Provider, ns, name);
        var key = RateLimitKeys.Provider(provider.Metadata.NamespaceProperty ?? ns, providerName);
        var policy = channel.Spec.RateLimits?.FailurePolicy ?? FailurePolicy.Open;
        if (await DecideAsync(policy, [new GcraRequest(key, sharedLimit)], [new GcraRequest(key, localLimit)], cancellationToken).ConfigureAwait(false) is not { } outcome)
        {
            _metrics.Decided(name, RateLimitScopes.FailurePolicy, RateLimitMetrics.Skip);
            return false;
        }

        _metrics.Decided(name, RateLimitScopes.Provider, outcome.Allowed ? RateLimitMetrics.Allow : RateLimitMetrics.Skip);
        return outcome.Allowed;
    }

    /// <summary>Redis when usable; otherwise the failure policy: the in-memory limiter (open) or null (closed); null too for a slow answer while Redis is not yet degraded.</summary>
    private async ValueTask<GcraOutcome?> DecideAsync(FailurePolicy policy, GcraRequest[] shared, GcraRequest[] local, CancellationToken cancellationToken)
    {
        if (_shared is not null && !_health!.IsDegraded)
        {
            try
            {
                var outcome = await _shared.AcquireAsync(shared, cancellationToken).ConfigureAwait(false);
                _health.ReportAnswer();
                return outcome;
            }
            catch (RateLimitStoreUnavailableException e)
            {
                _health.ReportFailure(e);
                if (!_health.IsDegraded)
                {
                    // A slow answer from a Redis that is still healthy: undecided, so the message waits and asks again.
                    // The in-memory limiter would admit it on top of what Redis already counted (over-admission).
                    return null;
                }
            }
        }

        if (_shared is not null && policy == FailurePolicy.Closed)
        {
            return null;
        }

        return _local.Acquire(local);
    }

    private RateLimitVerdict FailClosed(string channel)
    {
        _metrics.Decided(channel, RateLimitScopes.FailurePolicy, RateLimitMetrics.Delay);
        return new RateLimitVerdict(RateLimitDecision.Delay, _options.FailClosedRetryAfter, RateLimitScopes.FailurePolicy);
    }

    /// <summary>The shared and the per-replica limit of a spec, parsed once per spec object (re-parsed if it or the replica count changed).</summary>
    private (GcraLimit Shared, GcraLimit Local) Parse(object spec, int requests, string period, int? burst, string scope, string ns, string channel)
    {
        var replicas = _replicas.Current;
        if (_parsed.TryGetValue(spec, out var cached) && cached.Requests == requests && cached.Period == period && cached.Burst == burst && cached.Replicas == replicas)
        {
            return (cached.Shared, cached.Local);
        }

        GcraLimit shared, local;
        try
        {
            var duration = K8sNotify.Api.Conventions.Durations.Parse(period);
            shared = GcraLimit.Create(requests, duration, burst);
            local = GcraLimit.Create(requests, duration, burst, replicas);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidOperationException($"the {scope} rate limit of Channel {ns}/{channel} is not usable: {e.Message}", e);
        }

        _parsed.AddOrUpdate(spec, new ParsedLimit(requests, period, burst, replicas, shared, local));
        return (shared, local);
    }

    private static (string Namespace, string Name) NameOf(Channel channel) =>
        (channel.Metadata.NamespaceProperty is { Length: > 0 } ns ? ns : DefaultNamespace, channel.Metadata.Name ?? "");

    private sealed record ParsedLimit(int Requests, string Period, int? Burst, int Replicas, GcraLimit Shared, GcraLimit Local);
}
