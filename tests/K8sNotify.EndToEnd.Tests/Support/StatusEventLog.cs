using System.Collections.Concurrent;
using System.Text.Json;
using NATS.Client.Core;

namespace K8sNotify.EndToEnd.Tests.Support;

/// <summary>
/// Every status event a Channel publishes on its status subject, in arrival order per notification: the dispatchers
/// publish each transition of a status record there, so the log shows how often a notification waited.
/// </summary>
public sealed class StatusEventLog : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _states = new(StringComparer.Ordinal);
    private readonly NatsConnection _connection;
    private readonly INatsSub<byte[]> _subscription;
    private readonly Task _reading;

    private StatusEventLog(NatsConnection connection, INatsSub<byte[]> subscription)
    {
        _connection = connection;
        _subscription = subscription;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Subscribes to <paramref name="subject"/> and returns once the server has the subscription.</summary>
    public static async Task<StatusEventLog> StartAsync(string natsUrl, string subject, CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(new NatsOpts { Url = natsUrl });
        var subscription = await connection.SubscribeCoreAsync(subject, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken);

        // A round trip after SUB: events published from now on reach this subscription.
        await connection.PingAsync(cancellationToken);
        return new StatusEventLog(connection, subscription);
    }

    /// <summary>The state of the last event seen for <paramref name="id"/>, or null.</summary>
    public string? Latest(string id) =>
        _states.TryGetValue(id, out var states) ? states.LastOrDefault() : null;

    /// <summary>How many times <paramref name="id"/> went into a waiting state (scheduled, waiting or retrying).</summary>
    public int Waits(string id) =>
        _states.TryGetValue(id, out var states) ? states.Count(s => s is "scheduled" or "waiting" or "retrying") : 0;

    public async ValueTask DisposeAsync()
    {
        await _subscription.UnsubscribeAsync();
        await _reading;
        await _subscription.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async Task ReadAsync()
    {
        await foreach (var message in _subscription.Msgs.ReadAllAsync())
        {
            if (message.Data is not { } json)
            {
                continue;
            }

            var record = JsonSerializer.Deserialize<StatusView>(json, JsonSerializerOptions.Web);
            if (record is not null)
            {
                _states.GetOrAdd(record.Id, _ => new ConcurrentQueue<string>()).Enqueue(record.State);
            }
        }
    }
}
