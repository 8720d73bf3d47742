namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>
/// Whether the limiter is ready for traffic: with Redis, once the connection is open and the GCRA script has answered
/// (so the first real decisions are not the slow ones that time out), or once Redis is known to be down (the failure
/// policy answers then); without Redis, at once.
/// </summary>
public sealed class RateLimiterReadiness
{
    private int _warm;

    public bool IsWarm => Volatile.Read(ref _warm) == 1;

    public void MarkWarm() => Volatile.Write(ref _warm, 1);
}
