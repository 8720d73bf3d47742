namespace K8sNotify.Dispatcher.Providers;

/// <summary>
/// Thrown by a provider when a value the notification itself produced (a header value, say) cannot be sent. The fault
/// is the message's, not the provider's: the notification fails permanently and the provider's circuit is not touched.
/// </summary>
public sealed class MessageContentException : Exception
{
    public MessageContentException()
    {
    }

    public MessageContentException(string message)
        : base(message)
    {
    }

    public MessageContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
