namespace K8sNotify.Dispatcher.Scheduling;

/// <summary>Tells whether a consumer with outstanding messages has stopped moving (neither delivering nor acknowledging) for longer than the stall period.</summary>
public sealed class ConsumerProgress(TimeSpan stallAfter)
{
    private ulong _position;
    private DateTimeOffset? _since;

    /// <summary>Forgets the last observation (the consumer was paused on purpose): the stall clock restarts at the next one.</summary>
    public void Reset() => _since = null;

    /// <param name="position">A number that grows with every delivery and acknowledgement (delivered plus ack-floor sequence).</param>
    /// <param name="outstanding">Pending plus unacknowledged messages.</param>
    /// <param name="now">The time of the observation.</param>
    /// <returns>How long it has been stuck, once that is at least the stall period; otherwise null.</returns>
    public TimeSpan? Observe(ulong position, ulong outstanding, DateTimeOffset now)
    {
        if (outstanding == 0 || position != _position || _since is null)
        {
            _position = position;
            _since = now;
            return null;
        }

        var stalled = now - _since.Value;
        return stalled >= stallAfter ? stalled : null;
    }
}
