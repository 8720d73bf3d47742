using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Pipeline;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>
/// Delivers the status events of every Channel with <c>spec.statusWebhook</c>: one loop per ordering partition, each
/// holding one event at a time until the receiver answers 2xx (retrying with jittered exponential backoff and progress
/// acks) or the attempts run out (then the event goes to the status webhook's dead-letter stream). A stopped or crashed
/// replica's event is redelivered to another one, so pending events survive restarts.
/// </summary>
public sealed class StatusWebhookWorker(
    INatsConnection connection,
    ChannelRuntimeStore runtimes,
    StatusWebhookProvisioner provisioner,
    StatusWebhookSender sender,
    StatusWebhookDeadLetters deadLetters,
    StatusWebhookMetrics metrics,
    IOptions<StatusWebhookOptions> options,
    TimeProvider time,
    ILogger<StatusWebhookWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    /// <summary>Randomness of the backoff jitter; tests may replace it with a seeded one.</summary>
    public Random Random { get; init; } = Random.Shared;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var keys = runtimes.All.Where(r => r.Channel.Spec.StatusWebhook is not null).Select(r => r.Key).ToList();
        if (keys.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await connection.ConnectAsync().ConfigureAwait(false);
                break;
            }
            catch (NatsException e)
            {
                logger.StatusWebhookLoopFailed("*", -1, e.Message);
                await DelayAsync(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(keys.Select(key => RunChannelAsync(key, stoppingToken))).ConfigureAwait(false);
    }

    private async Task RunChannelAsync(string key, CancellationToken stoppingToken)
    {
        var partitions = options.Value.Partitions;
        logger.StatusWebhookStarted(key, partitions);
        await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => RunPartitionAsync(key, p, stoppingToken))).ConfigureAwait(false);
    }

    private async Task RunPartitionAsync(string key, int partition, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var channel = runtimes.Get(key)!.Channel;
                await provisioner.EnsureStreamsAsync(channel, stoppingToken).ConfigureAwait(false);
                var consumer = await provisioner.EnsureConsumerAsync(channel, partition, stoppingToken).ConfigureAwait(false);
                await foreach (var msg in consumer.ConsumeAsync(Raw, new NatsJSConsumeOpts { MaxMsgs = 1 }, stoppingToken).ConfigureAwait(false))
                {
                    await HandleAsync(key, msg, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop restarts after any failure (server restart, stream or consumer deleted).
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.StatusWebhookLoopFailed(key, partition, e.Message);
                await DelayAsync(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(string key, INatsJSMsg<byte[]> msg, CancellationToken stoppingToken)
    {
        var body = msg.Data ?? [];
        var eventId = msg.Headers?[StatusWebhookNames.EventIdHeader].ToString() is { Length: > 0 } id ? id : msg.Subject + ":" + msg.Metadata?.Sequence.Stream;
        var notificationId = msg.Headers?[StatusWebhookNames.NotificationIdHeader].ToString();
        var max = options.Value.MaxAttempts;
        string? reason = null;
        try
        {
            for (var attempt = 1; attempt <= max; attempt++)
            {
                var runtime = runtimes.Get(key);
                if (runtime?.Channel.Spec.StatusWebhook is not { } webhook)
                {
                    await msg.AckAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    CountFor(key, StatusWebhookMetrics.Discarded);
                    return;
                }

                reason = await sender.SendAsync(webhook, runtime.Secrets, eventId, body, stoppingToken).ConfigureAwait(false);
                if (reason is null)
                {
                    await msg.AckAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    metrics.Count(runtime.Namespace, runtime.Name, StatusWebhookMetrics.Delivered);
                    return;
                }

                metrics.Count(runtime.Namespace, runtime.Name, StatusWebhookMetrics.Failed);
                if (attempt == max)
                {
                    break;
                }

                var delay = RetryBackoff.Compute(attempt, options.Value.Backoff, options.Value.MaxBackoff, Random);
                logger.StatusWebhookAttemptFailed(key, eventId, attempt, reason, delay);
                await WaitHoldingAsync(msg, delay, stoppingToken).ConfigureAwait(false);
            }

            var current = runtimes.Get(key)!;
            var why = $"status webhook gave up after {max} attempts: {reason}";
            await deadLetters.PublishAsync(current.Channel, msg.Subject, body, eventId, notificationId, why, stoppingToken).ConfigureAwait(false);
            await msg.AckAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            metrics.Count(current.Namespace, current.Name, StatusWebhookMetrics.DeadLettered);
            logger.StatusWebhookDeadLettered(key, eventId, notificationId, max, why);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: hand the event back right away so another replica (or the next start) delivers it, in order.
            try
            {
                await msg.NakAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (NatsException)
            {
                // The ack wait redelivers it anyway.
            }

            throw;
        }
    }

    /// <summary>Waits before the next attempt while keeping the event (progress acks at half the ack wait), so no other replica takes it meanwhile.</summary>
    private async Task WaitHoldingAsync(INatsJSMsg<byte[]> msg, TimeSpan delay, CancellationToken cancellationToken)
    {
        var step = options.Value.AckWait / 2;
        var remaining = delay;
        while (remaining > TimeSpan.Zero)
        {
            await msg.AckProgressAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var wait = remaining < step ? remaining : step;
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            remaining -= wait;
        }

        await msg.AckProgressAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private void CountFor(string key, string result)
    {
        var parts = key.Split('/', 2);
        metrics.Count(parts[0], parts.Length > 1 ? parts[1] : "", result);
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
