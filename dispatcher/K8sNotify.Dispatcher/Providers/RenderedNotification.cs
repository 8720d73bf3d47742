using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.Providers;

/// <summary>A notification rendered for one recipient, ready for a provider.</summary>
public sealed record RenderedNotification
{
    /// <summary>Idempotency key: the message id, suffixed per recipient for bulk messages.</summary>
    public required string NotificationId { get; init; }

    public required string Namespace { get; init; }

    public required string Channel { get; init; }

    public required ChannelType ChannelType { get; init; }

    /// <summary>Email address, E.164 phone number, device token or webhook recipient id.</summary>
    public required string Recipient { get; init; }

    public required string Template { get; init; }

    /// <summary>The locale actually rendered (after fallback).</summary>
    public required string Locale { get; init; }

    public string? Subject { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    public string? Title { get; init; }

    public string? Body { get; init; }

    /// <summary>Rendered push data (push) or extra string fields.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra message headers (email: List-Unsubscribe and List-Unsubscribe-Post).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>low, normal or high.</summary>
    public string Priority { get; init; } = "normal";

    /// <summary>FCM platform options from the Template.</summary>
    public PushOptions? PushOptions { get; init; }

    /// <summary>When the app published the message (start of the latency SLI).</summary>
    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>1 for the first delivery of the message, counting JetStream redeliveries.</summary>
    public int Attempt { get; init; } = 1;
}
