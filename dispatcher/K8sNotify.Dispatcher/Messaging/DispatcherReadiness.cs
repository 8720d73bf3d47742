using System.Collections.Concurrent;
using K8sNotify.Dispatcher.Configuration;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>Ready means: configuration loaded, NATS connected, and every Channel bound to its stream and consumer.</summary>
public sealed class DispatcherReadiness(ChannelRuntimeStore runtimes, INatsConnection connection)
{
    private readonly ConcurrentDictionary<string, bool> _bound = new(StringComparer.Ordinal);

    public void MarkBound(string channelKey) => _bound[channelKey] = true;

    public void MarkUnbound(string channelKey) => _bound.TryRemove(channelKey, out _);

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

        var unbound = runtimes.All.Where(r => !_bound.ContainsKey(r.Key)).Select(r => r.Key).ToList();
        return unbound.Count > 0 ? "not bound to the stream of " + string.Join(", ", unbound) : null;
    }
}
