using System.Text;
using K8sNotify.Api.Observability;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.RateLimiting;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>
/// Routes a notification through a Channel's provider chain in the order its strategy gives (failover: as listed;
/// weighted: a weighted draw per send; cheapest: by costPerMessage), skipping providers whose circuit is open or whose
/// quota is exhausted, failing over on transient and provider-configuration errors and stopping on a permanent one.
/// </summary>
public sealed class ProviderChainRouter : IDeliveryRouter
{
    private readonly Channel _channel;
    private readonly ProviderChainLink[] _links;
    private readonly ProviderChainLink[] _staticOrder;
    private readonly IRateLimitGate? _gate;
    private readonly ProviderMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Random _random;
    private Action? _onReleased;
    private int _retired;

    // One for the runtime that owns this router until it is retired, plus one per delivery in flight.
    private int _users = 1;

    // gate: provider quotas (Provider.spec.rateLimit), null when no rate limiter runs; random: the weighted draw's source;
    // allowEmpty: every Provider of the chain is suspended (the Channel does not consume, so nothing is routed);
    // onReleased: runs once, after Retire and the last in-flight delivery (the factory releases the shared providers).
    public ProviderChainRouter(
        Channel channel,
        IReadOnlyList<ProviderChainLink> links,
        IRateLimitGate? gate,
        ProviderMetrics metrics,
        ILogger<ProviderChainRouter> logger,
        Random? random = null,
        Action? onReleased = null,
        bool allowEmpty = false)
    {
        if (links.Count == 0 && !allowEmpty)
        {
            throw new ProviderConfigurationException($"channel {channel.Metadata.Name} has no providers");
        }

        _channel = channel;
        _links = [.. links];
        _gate = gate;
        _metrics = metrics;
        _logger = logger;
        _random = random ?? Random.Shared;
        _onReleased = onReleased;
        _staticOrder = Strategy == RoutingStrategy.Cheapest ? ProviderOrdering.Cheapest(_links) : _links;
    }

    public RoutingStrategy Strategy => _channel.Spec.Strategy;

    public IReadOnlyList<ProviderChainLink> Links => _links;

    /// <summary>True once the router was retired and every delivery that entered it has finished.</summary>
    public bool IsReleased => Volatile.Read(ref _users) == 0;

    /// <summary>
    /// Registers one delivery in flight; false when the router was already released (its providers may be disposed),
    /// in which case the caller takes the Channel's current router instead. Pair a true with <see cref="Exit"/>.
    /// </summary>
    public bool TryEnter()
    {
        var users = Volatile.Read(ref _users);
        while (users > 0)
        {
            var seen = Interlocked.CompareExchange(ref _users, users + 1, users);
            if (seen == users)
            {
                return true;
            }

            users = seen;
        }

        return false;
    }

    /// <summary>Ends a delivery registered by <see cref="TryEnter"/>.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _users) == 0)
        {
            Interlocked.Exchange(ref _onReleased, null)?.Invoke();
        }
    }

    /// <summary>Marks the router replaced: once the deliveries in flight finish, its providers are released. Idempotent.</summary>
    public void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0)
        {
            Exit();
        }
    }

    public async Task<RoutingResult> DeliverAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        var order = Strategy == RoutingStrategy.Weighted ? ProviderOrdering.Weighted(_links, _random) : _staticOrder;
        var attempts = new List<ProviderAttempt>(order.Length);
        string? lastTried = null;
        TimeSpan? retryAfter = null;
        foreach (var link in order)
        {
            if (link.Sender.IsCircuitOpen)
            {
                var skipped = DeliveryResult.Transient("circuit open", link.Sender.CircuitRetryAfter);
                Skip(notification, link, skipped, ProviderResults.CircuitOpen, attempts);
                retryAfter = Min(retryAfter, skipped.RetryAfter);
                continue;
            }

            if (_gate is not null && link.Resource.Spec.RateLimit is not null
                && !await _gate.TryAcquireProviderAsync(_channel, link.Resource, cancellationToken).ConfigureAwait(false))
            {
                Skip(notification, link, DeliveryResult.Transient("provider quota exhausted"), ProviderResults.QuotaExhausted, attempts);
                continue;
            }

            var result = await link.Sender.SendAsync(notification, cancellationToken).ConfigureAwait(false);
            attempts.Add(new ProviderAttempt(link.Name, result));
            lastTried = link.Name;
            switch (result.Status)
            {
                case DeliveryStatus.Accepted:
                    Log.ProviderAccepted(_logger, link.Name, notification.NotificationId, result.ProviderMessageId);
                    return new RoutingResult(result, link.Name, attempts);
                case DeliveryStatus.Permanent:
                    // The recipient or the content is at fault: another provider would reject it too.
                    Log.PermanentFailure(_logger, notification.NotificationId, link.Name, result.Reason);
                    return new RoutingResult(result, link.Name, attempts);
                default:
                    Log.FailingOver(_logger, notification.NotificationId, link.Name, result.Status, result.Reason);
                    retryAfter = Min(retryAfter, result.RetryAfter);
                    break;
            }
        }

        Log.ChainExhausted(_logger, notification.NotificationId, _channel.Metadata.Name, attempts.Count);

        // Nothing accepted and nobody blamed the recipient: the message is redelivered later (a provider-configuration
        // error included: it may be fixed by then, or the next delivery may find another provider healthy).
        var reason = attempts.Count == 1 ? attempts[0].Result.Reason ?? "provider failed" : Summary(attempts);
        return new RoutingResult(DeliveryResult.Transient(reason, retryAfter), lastTried, attempts);
    }

    private void Skip(RenderedNotification notification, ProviderChainLink link, DeliveryResult result, string metricResult, List<ProviderAttempt> attempts)
    {
        attempts.Add(new ProviderAttempt(link.Name, result, Skipped: true));
        _metrics.RecordRequest(link.Name, metricResult);
        Log.ProviderSkipped(_logger, notification.NotificationId, link.Name, result.Reason ?? metricResult);
    }

    private static TimeSpan? Min(TimeSpan? current, TimeSpan? candidate) =>
        candidate is not { } c ? current : current is not { } x || c < x ? c : x;

    private static string Summary(List<ProviderAttempt> attempts)
    {
        var sb = new StringBuilder("no provider accepted: ");
        for (var i = 0; i < attempts.Count; i++)
        {
            if (i > 0)
            {
                sb.Append("; ");
            }

            sb.Append(attempts[i].Provider).Append(": ").Append(attempts[i].Result.Reason ?? attempts[i].Result.Status.ToString());
        }

        return sb.ToString();
    }
}
