namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>The shared rate limit store (Redis) could not decide: the Channel's failurePolicy answers instead.</summary>
public sealed class RateLimitStoreUnavailableException : Exception
{
    public RateLimitStoreUnavailableException()
    {
    }

    public RateLimitStoreUnavailableException(string message)
        : base(message)
    {
    }

    public RateLimitStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when Redis did not answer in time (as opposed to a refused or lost connection).</summary>
    public bool IsTimeout => InnerException is TimeoutException;
}
