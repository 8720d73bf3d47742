namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// The answer for a set of scopes decided together: allowed only if every scope allowed (then all were
/// consumed); otherwise nothing was consumed and <see cref="ExcessMicros"/> says how long each denying scope
/// must wait.
/// </summary>
internal readonly record struct GcraOutcome(bool Allowed, long ClockMicros, long[]? ExcessMicros)
{
    /// <summary>How long scope <paramref name="index"/> must wait; zero when it allowed.</summary>
    public TimeSpan RetryAfter(int index) =>
        ExcessMicros is { } excess && excess[index] > 0 ? TimeSpan.FromTicks(excess[index] * TimeSpan.TicksPerMicrosecond) : TimeSpan.Zero;

    /// <summary>Whether scope <paramref name="index"/> denied.</summary>
    public bool Denied(int index) => ExcessMicros is { } excess && excess[index] > 0;
}
