namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>
/// The state of one Twilio API call that the Twilio library cannot carry: the caller's cancellation token in, and the
/// HTTP status and Retry-After out (its exceptions keep neither).
/// </summary>
internal sealed class TwilioCall(CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public int? StatusCode { get; set; }

    public TimeSpan? RetryAfter { get; set; }
}
