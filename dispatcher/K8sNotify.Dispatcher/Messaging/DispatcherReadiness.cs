using System.Collections.Concurrent;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.RateLimiting;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>Ready means: configuration loaded, NATS connected, every Channel bound to its stream and consumer, and none stalled.</summary>
public sealed class DispatcherReadiness(ChannelRuntimeStore runtimes, INatsConnection connection, RateLimiterReadiness? limiter = null)
{
    private readonly ConcurrentDictionary<string, bool> _bound = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _stalled = new(StringComparer.Ordinal);

    public void MarkBound(string channelKey) => _bound[channelKey] = true;

    public void MarkUnbound(string channelKey) => _bound.TryRemove(channelKey, out _);

    /// <summary>The Channel's consumer has pending messages and makes no progress: not ready until it moves again.</summary>
    public void MarkStalled(string channelKey, string reason) => _stalled[channelKey] = reason;

    public void MarkProgressing(string channelKey) => _stalled.TryRemove(channelKey, out _);

    /// <summary>Null when ready, otherwise what is missing.</summary>
    public string? NotReadyReason()
    {
        if (!runtimes.IsLoaded)
        {
            return "configuration not loaded";
        }

        if (connection.ConnectionState != NatsConnectionState.Open)
        {
            return $"NATS {connection.ConnectionState.ToString().ToLowerInvariant()}";
        }

        if (limiter is { IsWarm: false })
        {
            return "rate limiter warming up (Redis connection and script)";
        }

        var unbound = runtimes.All.Where(r => !_bound.ContainsKey(r.Key)).Select(r => r.Key).ToList();
        if (unbound.Count > 0)
        {
            return "not bound to the stream of " + string.Join(", ", unbound);
        }

        var stalled = _stalled.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}").ToList();
        return stalled.Count > 0 ? "stalled: " + string.Join("; ", stalled) : null;
    }
}
