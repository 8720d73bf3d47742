using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.DeadLetters;
using K8sNotify.Dispatcher.Messaging.Poison;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.StatusWebhooks;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;

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
            new DeadLetterPublisher(js, runtime.Channel));
        var options = pipelineOptions.Value;
        var concurrency = options.Concurrency ?? runtime.Concurrency;
        readiness.MarkBound(key);
        logger.ChannelConsuming(key, provisioned.StreamName, NatsNames.ConsumerName, concurrency);

        using var pendingStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pending = RefreshPendingAsync(runtime, provisioned.Consumer, pendingStop.Token);
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

    private async Task RefreshPendingAsync(ChannelRuntime runtime, INatsJSConsumer consumer, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(pipelineOptions.Value.PendingRefresh, time);
        try
        {
            do
            {
                try
                {
                    await consumer.RefreshAsync(cancellationToken).ConfigureAwait(false);
                    metrics.SetConsumerPending(runtime.Namespace, runtime.Name, consumer.Info.NumPending);
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
