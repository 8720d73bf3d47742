using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Routing;

namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>One input of the notification state machine, with the time it happened and what it carries.</summary>
public sealed record NotificationEvent(NotificationEventKind Kind, DateTimeOffset Now)
{
    public RateLimitVerdict? Verdict { get; init; }

    public RecipientVerdict? Recipient { get; init; }

    public string? Reason { get; init; }

    public RoutingResult? Routing { get; init; }

    /// <summary>The jittered backoff after this attempt, drawn by the caller so the transition stays pure.</summary>
    public TimeSpan Backoff { get; init; }

    /// <summary>For <see cref="NotificationEventKind.Combined"/>: the digest that holds it.</summary>
    public string? DigestId { get; init; }

    /// <summary>For <see cref="NotificationEventKind.Combined"/>: when the digest is released at the latest.</summary>
    public DateTimeOffset? Due { get; init; }

    public static NotificationEvent Arrived(DateTimeOffset now) => new(NotificationEventKind.Arrived, now);

    public static NotificationEvent RecipientChecked(DateTimeOffset now, RecipientVerdict verdict) => new(NotificationEventKind.RecipientChecked, now) { Recipient = verdict };

    public static NotificationEvent Combined(DateTimeOffset now, string digestId, DateTimeOffset releaseAt) =>
        new(NotificationEventKind.Combined, now) { DigestId = digestId, Due = releaseAt };

    public static NotificationEvent RateChecked(DateTimeOffset now, RateLimitVerdict verdict) => new(NotificationEventKind.RateChecked, now) { Verdict = verdict };

    public static NotificationEvent Rendered(DateTimeOffset now) => new(NotificationEventKind.Rendered, now);

    public static NotificationEvent RenderFailed(DateTimeOffset now, string reason) => new(NotificationEventKind.RenderFailed, now) { Reason = reason };

    public static NotificationEvent Delivered(DateTimeOffset now, RoutingResult routing, TimeSpan backoff) =>
        new(NotificationEventKind.Delivered, now) { Routing = routing, Backoff = backoff };
}
