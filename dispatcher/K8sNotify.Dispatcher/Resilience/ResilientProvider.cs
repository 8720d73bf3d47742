using System.Diagnostics;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Observability;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace K8sNotify.Dispatcher.Resilience;

/// <summary>
/// Wraps one provider instance in its own Polly pipeline built from the Provider spec: timeout (the whole try) →
/// bounded retry with jittered exponential backoff for transient results only → circuit breaker; also records the
/// per-request metrics and exports the circuit state.
/// </summary>
public sealed class ResilientProvider : INotificationProvider, IDisposable
{
    private static readonly ResiliencePropertyKey<CancellationToken> CallerToken = new("k8snotify.caller-token");

    private readonly INotificationProvider _inner;
    private readonly ResiliencePipeline<DeliveryResult> _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly TimeProvider _time;
    private readonly ProviderMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _timeoutReason;
    private long _openUntilUtcTicks;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="name"/> (the Provider resource's name) labels metrics and logs, defaulting to the inner provider's.</summary>
    public ResilientProvider(INotificationProvider inner, ProviderResilienceSettings settings, TimeProvider time, ProviderMetrics metrics, ILogger<ResilientProvider> logger, string? name = null)
    {
        _inner = inner;
        Name = name ?? inner.Name;
        Settings = settings;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _timeoutReason = $"timed out after {Durations.Format(settings.Timeout)}";
        _pipeline = Build(settings);
        _metrics.SetCircuitState(Name, CircuitStateValue(CircuitState.Closed));
    }

    public string Name { get; }

    public INotificationProvider Inner => _inner;

    public ProviderResilienceSettings Settings { get; }

    public CircuitState CircuitState => _circuit.CircuitState;

    /// <summary>
    /// True while the circuit is open and its break has not elapsed. Polly only moves an open circuit to half-open on
    /// the next call, so after the break a caller must call again (the trial request) rather than keep skipping.
    /// </summary>
    public bool IsCircuitOpen =>
        CircuitState is CircuitState.Open or CircuitState.Isolated
        && _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _openUntilUtcTicks);

    /// <summary>When an open circuit allows its next trial request (null when not open).</summary>
    public TimeSpan? CircuitRetryAfter
    {
        get
        {
            if (!IsCircuitOpen)
            {
                return null;
            }

            var left = new DateTimeOffset(Interlocked.Read(ref _openUntilUtcTicks), TimeSpan.Zero) - _time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>The gauge value of a circuit state: 0 closed, 1 open (or isolated), 2 half-open.</summary>
    public static int CircuitStateValue(CircuitState state) => state switch
    {
        CircuitState.Open or CircuitState.Isolated => 1,
        CircuitState.HalfOpen => 2,
        _ => 0,
    };

    public Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken) =>
        DispatcherTracing.Source.HasListeners() ? SendTracedAsync(notification, cancellationToken) : SendCoreAsync(notification, cancellationToken);

    private async Task<DeliveryResult> SendTracedAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        using var activity = DispatcherTracing.StartProviderCall(Name, _inner.GetType().Name.Replace("Provider", "", StringComparison.Ordinal).ToLowerInvariant());
        activity?.SetTag("k8snotify.notification.id", notification.NotificationId);
        var result = await SendCoreAsync(notification, cancellationToken).ConfigureAwait(false);
        if (activity is not null)
        {
            activity.SetTag("k8snotify.delivery.status", result.Status.ToString());
            if (!result.IsAccepted)
            {
                activity.SetStatus(ActivityStatusCode.Error, result.Reason);
            }
        }

        return result;
    }

    private async Task<DeliveryResult> SendCoreAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallerToken, cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.Self.AttemptAsync(ctx, state.Notification, state.Caller),
                context,
                (Self: this, Notification: notification, Caller: cancellationToken)).ConfigureAwait(false);
            return outcome.Exception switch
            {
                null => outcome.Result!,
                TimeoutRejectedException => DeliveryResult.Transient(_timeoutReason),
                BrokenCircuitException broken => DeliveryResult.Transient("circuit open", broken.RetryAfter ?? CircuitRetryAfter),
                OperationCanceledException when cancellationToken.IsCancellationRequested => throw new OperationCanceledException(cancellationToken),
                OperationCanceledException => DeliveryResult.Transient(_timeoutReason),
                var other => DeliveryResult.Transient($"unexpected {other.GetType().Name}"),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    private async ValueTask<Outcome<DeliveryResult>> AttemptAsync(ResilienceContext context, RenderedNotification notification, CancellationToken caller)
    {
        var started = _time.GetTimestamp();
        try
        {
            var result = await _inner.SendAsync(notification, context.CancellationToken).ConfigureAwait(false);
            _metrics.RecordRequest(Name, ResultLabel(result.Status), _time.GetElapsedTime(started));
            return Outcome.FromResult(result);
        }
        catch (OperationCanceledException e)
        {
            if (!caller.IsCancellationRequested)
            {
                _metrics.RecordRequest(Name, ProviderResults.Timeout, _time.GetElapsedTime(started));
            }

            return Outcome.FromException<DeliveryResult>(e);
        }
        catch (MessageContentException e)
        {
            // The message's fault: permanent for this notification, and a Permanent outcome never counts toward the circuit.
            _metrics.RecordRequest(Name, ProviderResults.Permanent, _time.GetElapsedTime(started));
            return Outcome.FromResult(DeliveryResult.Permanent(e.Message));
        }
#pragma warning disable CA1031 // A provider bug must not crash the dispatcher: it is classified and the chain goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ProviderUnexpectedException(_logger, Name, e.GetType().Name, notification.NotificationId);
            _metrics.RecordRequest(Name, ProviderResults.Transient, _time.GetElapsedTime(started));
            return Outcome.FromResult(DeliveryResult.Transient($"unexpected {e.GetType().Name}"));
        }
    }

    private static string ResultLabel(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Accepted => ProviderResults.Accepted,
        DeliveryStatus.Permanent => ProviderResults.Permanent,
        DeliveryStatus.Misconfigured => ProviderResults.Misconfigured,
        _ => ProviderResults.Transient,
    };

    private ResiliencePipeline<DeliveryResult> Build(ProviderResilienceSettings settings)
    {
        var builder = new ResiliencePipelineBuilder<DeliveryResult>
        {
            Name = "k8snotify-provider",
            InstanceName = Name,
            TimeProvider = _time,
        };

        // Outermost: the timeout bounds the provider's whole try, retries included, so the chain fails over in time.
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.Timeout });

        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<DeliveryResult>
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.Backoff,
                MaxDelay = settings.Timeout,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { Status: DeliveryStatus.Transient } r && !(r.RetryAfter > settings.Timeout)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = args =>
                {
                    Log.ProviderRetrying(_logger, Name, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Result?.Reason);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<DeliveryResult>
        {
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = settings.MinimumThroughput,
            SamplingDuration = settings.SamplingDuration,
            BreakDuration = settings.BreakDuration,
            StateProvider = _circuit,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Result.Status: DeliveryStatus.Transient or DeliveryStatus.Misconfigured } => true,
                { Exception: OperationCanceledException } => !args.Context.Properties.GetValue(CallerToken, default).IsCancellationRequested,
                _ => false,
            }),
            OnOpened = args =>
            {
                Interlocked.Exchange(ref _openUntilUtcTicks, (_time.GetUtcNow() + args.BreakDuration).UtcTicks);
                _metrics.SetCircuitState(Name, 1);
                Log.CircuitOpened(_logger, Name, args.BreakDuration);
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                _metrics.SetCircuitState(Name, 2);
                Log.CircuitHalfOpened(_logger, Name);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                _metrics.SetCircuitState(Name, 0);
                Log.CircuitClosed(_logger, Name);
                return ValueTask.CompletedTask;
            },
        });

        return builder.Build();
    }
}
