using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.DeadLetters;
using K8sNotify.Dispatcher.Messaging.Poison;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Scheduling;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.StatusWebhooks;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>Runs one pipeline per configured Channel: connect, provision or bind, consume; on stop, finish in-flight work first.</summary>
public sealed class DispatcherWorker(
    INatsConnection connection,
    INatsJSContext js,
    StreamProvisioner provisioner,
    ChannelRuntimeStore runtimes,
    NotificationProcessor processor,
    DispatcherReadiness readiness,
    DispatcherMetrics metrics,
    SchedulingMetrics schedulingMetrics,
    StatusEventQueue statusEvents,
    IOptions<DispatcherOptions> dispatcherOptions,
    IOptions<PipelineOptions> pipelineOptions,
    TimeProvider time,
    ILogger<DispatcherWorker> logger,
    PoisonMessageHandler poison) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _abort = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown timeout is the limit for in-flight work; past it, unacked messages wait for redelivery.
        await using var registration = cancellationToken.Register(_abort.Cancel).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var url = dispatcherOptions.Value.Nats;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await connection.ConnectAsync().ConfigureAwait(false);
                break;
            }
            catch (NatsException e)
            {
                logger.NatsUnavailable(url, e.Message);
                await DelayAsync(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(runtimes.All.Select(r => RunChannelAsync(r.Key, stoppingToken))).ConfigureAwait(false);
    }

    private async Task RunChannelAsync(string key, CancellationToken stoppingToken)
    {
        var standalone = dispatcherOptions.Value.Standalone;
        ProvisionedChannel? provisioned = null;
        while (provisioned is null && !stoppingToken.IsCancellationRequested)
        {
            var channel = runtimes.Get(key)!.Channel;
            try
            {
                provisioned = await provisioner.ProvisionAsync(channel, standalone, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NatsException or NatsJSApiException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                logger.ChannelBindFailed(key, e.Message);
                await DelayAsync(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (provisioned is null)
        {
            return;
        }

        var runtime = runtimes.Get(key)!;
        var context = new ChannelPipelineContext(
            runtimes,
            key,
            new ChannelStatusStore(
                provisioned.StatusBucket,
                connection,
                runtime.Channel,
                statusEvents,
                pipelineOptions.Value.StatusTracking,
                provisioned.ProviderIndexBucket is { } index ? new ProviderMessageIndex(index, connection) : null),
            new DeadLetterPublisher(js, runtime.Channel),
            new ParkStore(js, runtime.Channel) { Metrics = schedulingMetrics });
        var options = pipelineOptions.Value;
        var concurrency = options.Concurrency ?? runtime.Concurrency;
        readiness.MarkBound(key);
        logger.ChannelConsuming(key, provisioned.StreamName, NatsNames.ConsumerName, concurrency);

        using var pendingStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pending = RefreshPendingAsync(runtime, provisioned.Consumer, pendingStop.Token);
        var scheduling = provisioned.SchedulerBucket is { } schedulerBucket
            ? RunSchedulingAsync(runtime, context, schedulerBucket, pendingStop.Token)
            : Task.CompletedTask;
        var consumer = new ChannelConsumer(context, provisioned.Consumer, processor, options, logger, poison);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await consumer.RunAsync(concurrency, stoppingToken, _abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop restarts after any failure (server restart, consumer deleted and recreated).
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.ConsumeLoopFailed(key, e);
                await DelayAsync(RetryDelay, stoppingToken).ConfigureAwait(false);
                if (standalone && !stoppingToken.IsCancellationRequested)
                {
                    await TryReprovisionAsync(runtime, stoppingToken).ConfigureAwait(false);
                }
            }
        }

        await pendingStop.CancelAsync().ConfigureAwait(false);
        await pending.ConfigureAwait(false);
        await scheduling.ConfigureAwait(false);
        readiness.MarkUnbound(key);
    }

    private async Task TryReprovisionAsync(ChannelRuntime runtime, CancellationToken cancellationToken)
    {
        try
        {
            await provisioner.ProvisionAsync(runtime.Channel, standalone: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or NatsJSApiException)
        {
            logger.ChannelBindFailed(runtime.Key, e.Message);
        }
    }

    /// <summary>Releases due parked messages and audits stuck notifications (the audit only on the replica holding the release lease).</summary>
    private async Task RunSchedulingAsync(ChannelRuntime runtime, ChannelPipelineContext context, INatsKVStore bucket, CancellationToken cancellationToken)
    {
        var options = pipelineOptions.Value;
        var scheduler = new ParkScheduler(js, bucket, runtime.Channel, context.Status, options, time, logger) { Metrics = schedulingMetrics };
        var audit = new StuckNotificationAudit(context.Status, context.DeadLetters, runtime.Namespace, runtime.Name, schedulingMetrics, metrics, time, logger);
        await Task.WhenAll(scheduler.RunAsync(cancellationToken), AuditAsync(runtime, scheduler, audit, cancellationToken)).ConfigureAwait(false);
    }

    private async Task AuditAsync(ChannelRuntime runtime, ParkScheduler scheduler, StuckNotificationAudit audit, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(pipelineOptions.Value.StuckAuditInterval, time);
        var suspendedSeen = false;
        DateTimeOffset? resumedAt = null;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // Suspended, released messages wait in the stream unprocessed: they are not stuck, and after a resume
                // the backlog gets one grace period to drain before the audit judges it again.
                var current = runtimes.Get(runtime.Key) ?? runtime;
                if (current.Suspension is not null)
                {
                    resumedAt = null;
                    suspendedSeen = true;
                    continue;
                }

                if (suspendedSeen)
                {
                    resumedAt ??= time.GetUtcNow();
                    if (time.GetUtcNow() - resumedAt < pipelineOptions.Value.StuckGrace)
                    {
                        continue;
                    }

                    suspendedSeen = false;
                }

                if (!scheduler.HoldsLease)
                {
                    continue;
                }

                try
                {
                    await audit.RunAsync(pipelineOptions.Value.StuckGrace, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NatsException or NatsJSApiException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    logger.StuckAuditFailed(runtime.Key, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private async Task RefreshPendingAsync(ChannelRuntime runtime, INatsJSConsumer consumer, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(pipelineOptions.Value.PendingRefresh, time);
        var progress = new ConsumerProgress(pipelineOptions.Value.StallAfter);
        try
        {
            do
            {
                try
                {
                    await consumer.RefreshAsync(cancellationToken).ConfigureAwait(false);
                    metrics.SetConsumerPending(runtime.Namespace, runtime.Name, consumer.Info.NumPending);
                    metrics.SetOldestPendingAge(runtime.Namespace, runtime.Name, await OldestPendingAgeAsync(consumer.Info, cancellationToken).ConfigureAwait(false));
                    ReportStall(runtimes.Get(runtime.Key) ?? runtime, consumer.Info, progress);
                }
                catch (Exception e) when (e is NatsException or NatsJSApiException)
                {
                    logger.PendingRefreshFailed(runtime.Key, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>
    /// How long the first message after the consumer's ack floor has waited: the oldest one not yet processed (pending
    /// or in flight). Zero when the consumer has caught up.
    /// </summary>
    private async Task<TimeSpan> OldestPendingAgeAsync(NATS.Client.JetStream.Models.ConsumerInfo info, CancellationToken cancellationToken)
    {
        if (info.NumPending == 0 && info.NumAckPending == 0)
        {
            return TimeSpan.Zero;
        }

        var stream = await js.GetStreamAsync(info.StreamName, cancellationToken: cancellationToken).ConfigureAwait(false);
        var oldest = await stream.GetAsync(
            new NATS.Client.JetStream.Models.StreamMsgGetRequest
            {
                Seq = (info.AckFloor?.StreamSeq ?? 0) + 1,
                NextBySubj = string.IsNullOrEmpty(info.Config.FilterSubject) ? ">" : info.Config.FilterSubject,
            },
            cancellationToken).ConfigureAwait(false);
        return time.GetUtcNow() - oldest.Message.Time;
    }

    private void ReportStall(ChannelRuntime runtime, ConsumerInfo info, ConsumerProgress progress)
    {
        // A suspended Channel makes no progress on purpose: it stays ready (its HTTP API accepts) and is not stalled.
        schedulingMetrics.SetSuspended(runtime.Namespace, runtime.Name, runtime.Suspension is not null);
        if (runtime.Suspension is not null)
        {
            progress.Reset();
            schedulingMetrics.SetStalled(runtime.Namespace, runtime.Name, false);
            readiness.MarkProgressing(runtime.Key);
            return;
        }

        var stalledFor = progress.Observe((info.AckFloor?.ConsumerSeq ?? 0) + (info.Delivered?.ConsumerSeq ?? 0), info.NumPending + (ulong)Math.Max(0, info.NumAckPending), time.GetUtcNow());
        schedulingMetrics.SetStalled(runtime.Namespace, runtime.Name, stalledFor is not null);
        if (stalledFor is { } stalled)
        {
            readiness.MarkStalled(runtime.Key, $"has {info.NumPending} pending and {info.NumAckPending} unacknowledged messages and no progress for {stalled:c}");
            logger.ConsumerStalled(runtime.Key, info.NumPending, stalled);
        }
        else
        {
            readiness.MarkProgressing(runtime.Key);
        }
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
