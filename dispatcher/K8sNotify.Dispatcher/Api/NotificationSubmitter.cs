using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Status;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.Api;

/// <summary>
/// Submits a notification the way an app would over NATS: the same decoder and validator, then a JetStream publish to the
/// Channel's subject with the id as Nats-Msg-Id (the stream de-duplicates within its window) and an <c>accepted</c>
/// status record (so a resubmit after the window is recognised too).
/// </summary>
public sealed class NotificationSubmitter(INatsJSContext js, StatusStores stores, TimeProvider time, ILogger<NotificationSubmitter> logger)
{
    private static readonly JsonNodeOptions NodeOptions = new();
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = StrictJson.MaxDepth };

    /// <summary>Validates, publishes and records one notification body (the JSON of the NATS contract; the id may be omitted).</summary>
    public async Task<SubmitOutcome> SubmitAsync(ChannelRuntime runtime, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (StrictJson.Check(body.Span) is { } problem)
        {
            return SubmitOutcome.Invalid(StrictJson.ReadableId(body.Span), [problem]);
        }

        var node = JsonNode.Parse(body.Span, NodeOptions, DocumentOptions);
        if (node is JsonObject obj)
        {
            return await SubmitAsync(runtime, obj, cancellationToken).ConfigureAwait(false);
        }

        var decoded = MessageDecoder.Decode(body.Span, null);
        return SubmitOutcome.Invalid(decoded.Id, decoded.Errors);
    }

    /// <inheritdoc cref="SubmitAsync(ChannelRuntime, ReadOnlyMemory{byte}, CancellationToken)"/>
    public async Task<SubmitOutcome> SubmitAsync(ChannelRuntime runtime, JsonObject obj, CancellationToken cancellationToken)
    {
        if (!obj.ContainsKey("id"))
        {
            obj["id"] = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(obj);
        var decoded = MessageDecoder.Decode(bytes, null);
        if (decoded.Message is not { } message)
        {
            return SubmitOutcome.Invalid(decoded.Id, decoded.Errors);
        }

        var problems = MessageValidator.ValidateFields(runtime, message);
        if (problems.Count > 0)
        {
            return SubmitOutcome.Invalid(message.Id, problems);
        }

        if (HorizonProblem(runtime, message) is { } beyond)
        {
            return SubmitOutcome.Invalid(message.Id, [beyond]);
        }

        var status = await stores.GetAsync(runtime, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the status bucket of Channel {runtime.Key} does not exist yet");
        if (await status.GetAsync(message.NotificationId(0), cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return SubmitOutcome.Accepted(message.Id, existing.Record.State.WireName());
        }

        // The request's trace continues in the dispatcher that takes the message from the stream.
        var ack = await js.PublishAsync(SubjectOf(runtime), bytes, opts: new NatsJSPubOpts { MsgId = message.Id }, headers: DispatcherTracing.ContextHeaders(), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (ack.Error is { } error)
        {
            // A duplicate is not an error here: it is the idempotency the Nats-Msg-Id asks for.
            throw new NatsJSApiException(error);
        }

        // Recorded after the publish: a record without a message would make every resubmit a silent no-op.
        var now = time.GetUtcNow();
        for (var i = 0; i < message.To.Count; i++)
        {
            await status.TryWriteAsync(
                new StatusRecord
                {
                    Id = message.NotificationId(i),
                    MessageId = message.Id,
                    Namespace = runtime.Namespace,
                    Channel = runtime.Name,
                    State = NotificationState.Accepted,
                    Template = message.Template,
                    Recipient = message.To[i],
                    CreatedAt = now,
                    UpdatedAt = now,
                    PublishedAt = now,
                    SendAt = message.SendAt,
                },
                expectedRevision: 0,
                cancellationToken).ConfigureAwait(false);
        }

        var state = SubmitOutcome.AcceptedState;
        if (ack.Duplicate && await status.GetAsync(message.NotificationId(0), cancellationToken).ConfigureAwait(false) is { } current)
        {
            state = current.Record.State.WireName();
        }

        logger.ApiNotificationAccepted(runtime.Key, message.Id, message.To.Count, ack.Duplicate);
        return SubmitOutcome.Accepted(message.Id, state);
    }

    /// <summary>A sendAt later than the Channel's scheduling horizon is refused here rather than dead-lettered after acceptance.</summary>
    private FieldError? HorizonProblem(ChannelRuntime runtime, NotificationMessage message)
    {
        var horizon = SchedulingWindow.Of(runtime.Channel).Horizon;
        return message.SendAt is { } sendAt && sendAt - time.GetUtcNow() > horizon
            ? new FieldError("sendAt", $"is beyond the Channel's scheduling horizon of {Durations.Format(horizon)}")
            : null;
    }

    /// <summary>The subject API submissions are published to: the Channel's first subject, wildcards filled with "api".</summary>
    public static string SubjectOf(ChannelRuntime runtime) =>
        string.Join('.', runtime.Channel.Spec.Subjects[0].Split('.').Select(token => token is "*" or ">" ? "api" : token));
}
