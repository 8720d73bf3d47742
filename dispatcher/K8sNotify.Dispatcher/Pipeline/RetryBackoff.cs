namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>Jittered exponential backoff between deliveries: base × 2^(attempt-1), capped, with "equal jitter" (half fixed, half random).</summary>
public static class RetryBackoff
{
    public static TimeSpan Compute(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var half = raw / 2;
        return TimeSpan.FromMilliseconds(half + (random.NextDouble() * half));
    }
}
