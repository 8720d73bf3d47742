using System.Diagnostics;
using System.Text.RegularExpressions;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Client;

/// <summary>
/// Publishes notifications to a Channel's NATS subject through JetStream. The message id travels as <c>Nats-Msg-Id</c>,
/// so publishing the same notification again (a retry after a timeout, a redelivered job) is dropped by the stream
/// and never sent twice; the current trace context travels in the headers.
/// </summary>
public sealed partial class K8sNotifyPublisher
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;
    private readonly INatsJSContext _js;
    private readonly TimeProvider _time;

    /// <summary>Publishes through <paramref name="js"/> (one per NATS connection; share it).</summary>
    public K8sNotifyPublisher(INatsJSContext js, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(js);
        _js = js;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Publishes through a JetStream context on <paramref name="connection"/>.</summary>
    public K8sNotifyPublisher(INatsConnection connection)
        : this(new NatsJSContext(connection))
    {
    }

    /// <summary>
    /// Publishes <paramref name="notification"/> to <paramref name="subject"/> (the Channel's <c>spec.subject</c>) and
    /// waits for the stream's acknowledgement. A notification without an id gets a new one (a version 7 UUID).
    /// </summary>
    /// <exception cref="ArgumentException">The id is outside the id alphabet (1 to 200 of <c>A-Z a-z 0-9 - _</c>).</exception>
    /// <exception cref="NatsJSApiException">JetStream refused the message (for example no stream captures the subject).</exception>
    /// <exception cref="NatsNoRespondersException">No JetStream server answered.</exception>
    public async Task<PublishResult> PublishAsync(string subject, Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(notification);
        var id = notification.Id ?? Guid.CreateVersion7(_time.GetUtcNow()).ToString();
        if (!IdAlphabet().IsMatch(id))
        {
            throw new ArgumentException($"notification id '{id}' must be 1 to 200 characters of A-Z, a-z, 0-9, '-' and '_'", nameof(notification));
        }

        var message = notification.Id is null ? notification with { Id = id } : notification;
        using var activity = K8sNotifyTelemetry.Source.StartActivity($"{subject} publish", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "nats");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", subject);
            activity.SetTag("messaging.message.id", id);
        }

        var headers = new NatsHeaders { ["Content-Type"] = "application/json" };
        InjectTraceContext(activity ?? Activity.Current, headers);
        var ack = await _js.PublishAsync(subject, message.ToUtf8Json(), Raw, new NatsJSPubOpts { MsgId = id }, headers, cancellationToken).ConfigureAwait(false);
        // A duplicate is the idempotency working, not an error (EnsureSuccess would throw for it).
        if (ack.Error is { } error)
        {
            throw new NatsJSApiException(error);
        }

        activity?.SetTag("messaging.nats.stream.sequence", ack.Seq);
        return new PublishResult(id, message.NotificationIds(id), ack.Stream ?? "", ack.Seq, ack.Duplicate);
    }

    private static void InjectTraceContext(Activity? activity, NatsHeaders headers)
    {
        if (activity is null)
        {
            return;
        }

        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, name, value) =>
        {
            if (carrier is NatsHeaders h && value is not null)
            {
                h[name] = value;
            }
        });
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdAlphabet();
}
