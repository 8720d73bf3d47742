using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Commands;
using K8sNotify.Operator.Conditions;
using K8sNotify.Operator.JetStream;
using K8sNotify.Operator.Runtime;
using K8sNotify.Operator.Slo;
using K8sNotify.Operator.Validation;
using Microsoft.Extensions.Options;

namespace K8sNotify.Operator.Controllers;

/// <summary>
/// Level-based reconcile of one Channel: ensure its JetStream stream, resolve its Templates, Providers and Secrets,
/// server-side apply its children, and report what it found in status, conditions and events.
/// </summary>
public sealed class ChannelReconciler(
    IObjectCache<Channel> channels,
    IObjectCache<Template> templates,
    IObjectCache<Provider> providers,
    IObjectCache<V1Secret> secrets,
    IObjectCache<V1Deployment> deployments,
    IKubernetes client,
    ChildApplier applier,
    ClusterCapabilitiesProbe capabilities,
    IStreamProvisioner streams,
    StatusWriter statusWriter,
    EventRecorder events,
    ISloRuleBuilder sloRules,
    IOptions<DispatcherDeploymentOptions> options,
    ConditionMetrics conditionMetrics,
    TimeProvider timeProvider,
    ILogger<ChannelReconciler> logger) : IReconciler
{
    public const string StreamUnavailableReason = "StreamUnavailable";
    public const string StreamRejectedReason = "StreamRejected";
    public const string ConfigChangedReason = "ConfigChanged";
    public const string SloInvalidEventReason = "SloInvalid";
    public const string ResumedEventReason = "Resumed";

    /// <summary>How soon a Channel whose stream could not be ensured is tried again (NATS outages are usually short).</summary>
    public static readonly TimeSpan StreamRetryDelay = TimeSpan.FromSeconds(15);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // Cached objects are shared: work on a copy.
        if (channels.Get(key) is not { } cached)
        {
            conditionMetrics.Forget(ApiGroup.ChannelKind, key.Namespace, key.Name);
            return ReconcileResult.Done;
        }

        var channel = Copy(cached);
        if (channel.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(channel, cancellationToken).ConfigureAwait(false);
        }

        await EnsureFinalizerAsync(channel, cancellationToken).ConfigureAwait(false);

        var before = channel.Status;
        var status = Copy(before) ?? new ChannelStatus();
        var generation = channel.Metadata.Generation;
        var now = timeProvider.GetUtcNow();

        // The stream comes first and does not depend on Templates: apps can publish while a reference is being fixed.
        string? streamProblem = null;
        var streamRejected = false;
        try
        {
            status.Stream = await streams.EnsureAsync(channel, cancellationToken).ConfigureAwait(false);
        }
        catch (StreamProvisioningException e)
        {
            streamProblem = e.Message;
            streamRejected = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.StreamUnavailable(logger, e, key.ToString());
            streamProblem = $"JetStream is unavailable: {e.GetType().Name}";
        }

        var ns = key.Namespace;
        var resolution = ChannelResolver.Resolve(
            channel,
            name => templates.Get(new ObjectKey(ns, name)),
            name => providers.Get(new ObjectKey(ns, name)),
            name => secrets.Get(new ObjectKey(ns, name)),
            RenderCommand.OperatorSecrets(options.Value));

        ReconcileResult result;
        var prometheusRules = (await capabilities.GetAsync(cancellationToken).ConfigureAwait(false)).PrometheusRules;
        SetSloCondition(channel, status, resolution.SloProblem, prometheusRules, now);
        var suspension = ChannelSuspension.Of(channel, resolution.Resolved?.Providers ?? []);
        SetSuspendedCondition(channel, status, suspension, now);
        if (resolution.Resolved is not { } resolved)
        {
            var first = resolution.Problems[0];
            StatusConditions.MarkStalled(status, generation, first.Reason, string.Join("; ", resolution.Problems.Select(p => p.Message)), now);
            result = ReconcileResult.Done;
        }
        else
        {
            // The autoscaler sets the Deployment's replicas; a change requeues this Channel (it owns the Deployment).
            var running = deployments.Get(new ObjectKey(ns, DispatcherNames.Dispatcher(channel)))?.Spec?.Replicas;
            var children = ChildSetBuilder.Build(resolved, options.Value, await capabilities.GetAsync(cancellationToken).ConfigureAwait(false), sloRules, running);
            var deployment = await applier.ApplyAsync(children, cancellationToken).ConfigureAwait(false);
            await RemoveStaleMonitoringAsync(channel, children, cancellationToken).ConfigureAwait(false);
            Log.ChildrenApplied(logger, key.ToString(), children.All().Count(), children.ConfigChecksum);

            var previousChecksum = status.ConfigChecksum;
            status.ConfigChecksum = children.ConfigChecksum;
            status.Replicas = deployment.Status?.Replicas ?? 0;
            status.ReadyReplicas = deployment.Status?.ReadyReplicas ?? 0;
            if (previousChecksum is not null && previousChecksum != children.ConfigChecksum)
            {
                await events.RecordAsync(channel, EventRecorder.Normal, ConfigChangedReason, $"Configuration changed ({children.ConfigChecksum[..15]}…); rolling out dispatchers", cancellationToken).ConfigureAwait(false);
            }

            if (streamProblem is not null)
            {
                if (streamRejected)
                {
                    StatusConditions.MarkStalled(status, generation, StreamRejectedReason, streamProblem, now);
                    result = ReconcileResult.Done;
                }
                else
                {
                    StatusConditions.MarkReconciling(status, generation, StreamUnavailableReason, streamProblem, now);
                    result = ReconcileResult.RequeueAfter(StreamRetryDelay);
                }
            }
            else if (IsAvailable(deployment))
            {
                var paused = suspension is null ? "" : " (suspended: not consuming)";
                StatusConditions.MarkReady(status, generation, ConditionTypes.ReconciledReason, $"{status.ReadyReplicas}/{status.Replicas} dispatchers ready; stream {status.Stream?.Name}{paused}", now);
                result = ReconcileResult.Done;
            }
            else
            {
                // The Deployment's status changes requeue this Channel (it is owned), so no polling is needed.
                StatusConditions.MarkReconciling(status, generation, ConditionTypes.ProgressingReason, $"waiting for dispatchers: {status.ReadyReplicas}/{status.Replicas} ready", now);
                result = ReconcileResult.Done;
            }
        }

        if (resolution.Resolved is null && streamProblem is not null && !streamRejected)
        {
            result = ReconcileResult.RequeueAfter(StreamRetryDelay);
        }

        await PublishStatusAsync(channel, before, status, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>SloReady: absent without an SLO; False with the generator's reason when it is invalid or the PrometheusRule kind is missing; True once its rules are applied.</summary>
    internal static void SetSloCondition(Channel channel, ChannelStatus status, ReferenceProblem? sloProblem, bool prometheusRules, DateTimeOffset now)
    {
        var generation = channel.Metadata.Generation;
        if (sloProblem is null && SloRuleGenerator.Generate(channel) is { HasRules: false })
        {
            status.Conditions?.Remove(StatusConditions.Find(status, ConditionTypes.SloReady)!);
            return;
        }

        if (sloProblem is not null)
        {
            StatusConditions.Set(status, ConditionTypes.SloReady, false, sloProblem.Reason, $"{sloProblem.Message}; no PrometheusRule is applied until it is fixed (one applied before stays)", generation, now);
        }
        else if (!prometheusRules)
        {
            StatusConditions.Set(status, ConditionTypes.SloReady, false, ConditionTypes.PrometheusRuleCrdMissingReason, "the PrometheusRule kind (prometheus-operator) is not installed; `k8snotify-operator slo-rules` prints the rules for another Prometheus", generation, now);
        }
        else
        {
            StatusConditions.Set(status, ConditionTypes.SloReady, true, ConditionTypes.SloRulesAppliedReason, $"recording rules and burn-rate alerts in PrometheusRule {DispatcherNames.SloRule(channel)}", generation, now);
        }
    }

    /// <summary>Suspended: True with the reason while the dispatchers do not consume, absent otherwise.</summary>
    internal static void SetSuspendedCondition(Channel channel, ChannelStatus status, ChannelSuspension? suspension, DateTimeOffset now)
    {
        if (suspension is null)
        {
            StatusConditions.Remove(status, ConditionTypes.Suspended);
            return;
        }

        StatusConditions.Set(status, ConditionTypes.Suspended, true, suspension.Reason, suspension.Message, channel.Metadata.Generation, now);
    }

    /// <summary>Ready once a dispatcher running the current pod template is available.</summary>
    internal static bool IsAvailable(V1Deployment deployment)
    {
        var s = deployment.Status;
        return s is not null
            && (s.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
            && (s.UpdatedReplicas ?? 0) >= 1
            && (s.AvailableReplicas ?? 0) >= 1;
    }

    private async Task PublishStatusAsync(Channel channel, ChannelStatus? before, ChannelStatus after, CancellationToken cancellationToken)
    {
        // Recorded on every reconcile, not only on change, so a new leader exports the conditions it finds.
        conditionMetrics.Record(ApiGroup.ChannelKind, channel.Metadata.NamespaceProperty, channel.Metadata.Name, after.Conditions);
        if (StatusWriter.Same(before, after))
        {
            return;
        }

        await statusWriter.WriteAsync(channel, after, cancellationToken).ConfigureAwait(false);
        await RecordSloTransitionAsync(channel, before, after, cancellationToken).ConfigureAwait(false);
        await RecordSuspendTransitionAsync(channel, before, after, cancellationToken).ConfigureAwait(false);
        var wasReady = StatusConditions.Find(before, ConditionTypes.Ready);
        var ready = StatusConditions.Find(after, ConditionTypes.Ready)!;
        if (wasReady?.Status == ready.Status && wasReady.Reason == ready.Reason)
        {
            return;
        }

        var key = ReferenceIndex.Key(channel.Metadata);
        var stalled = StatusConditions.Find(after, ConditionTypes.Stalled)?.Status == "True";
        Log.ChannelCondition(logger, key, ready.Status == "True" ? "Ready" : stalled ? "Stalled" : "Reconciling", ready.Reason);
        await events.RecordAsync(
            channel,
            stalled ? EventRecorder.Warning : EventRecorder.Normal,
            ready.Status == "True" ? "Ready" : ready.Reason,
            ready.Message,
            cancellationToken).ConfigureAwait(false);
    }

    // A Warning event when the SLO becomes invalid (or its reason changes), so `kubectl describe` shows why alerts did not update.
    private Task RecordSloTransitionAsync(Channel channel, ChannelStatus? before, ChannelStatus after, CancellationToken cancellationToken)
    {
        var was = StatusConditions.Find(before, ConditionTypes.SloReady);
        var now = StatusConditions.Find(after, ConditionTypes.SloReady);
        return now is { Status: "False" } && now.Reason != ConditionTypes.PrometheusRuleCrdMissingReason && (was?.Status != now.Status || was.Reason != now.Reason)
            ? events.RecordAsync(channel, EventRecorder.Warning, SloInvalidEventReason, now.Message, cancellationToken)
            : Task.CompletedTask;
    }

    // A Normal event when consuming pauses (with the reason) or resumes, so `kubectl describe` shows when delivery stopped.
    private Task RecordSuspendTransitionAsync(Channel channel, ChannelStatus? before, ChannelStatus after, CancellationToken cancellationToken)
    {
        var was = StatusConditions.Find(before, ConditionTypes.Suspended);
        var now = StatusConditions.Find(after, ConditionTypes.Suspended);
        if (now is not null && was?.Reason != now.Reason)
        {
            return events.RecordAsync(channel, EventRecorder.Normal, now.Reason, now.Message, cancellationToken);
        }

        return now is null && was is not null
            ? events.RecordAsync(channel, EventRecorder.Normal, ResumedEventReason, "Dispatchers consume again", cancellationToken)
            : Task.CompletedTask;
    }

    private async Task RemoveStaleMonitoringAsync(Channel channel, ChildSet children, CancellationToken cancellationToken)
    {
        var available = await capabilities.GetAsync(cancellationToken).ConfigureAwait(false);

        // Only a removed SLO removes its rules; an invalid one keeps the last good rules so a typo does not silence alerts.
        if (available.PrometheusRules && children.PrometheusRule is null && SloRuleGenerator.Generate(channel).IsValid)
        {
            await applier.DeleteMonitoringAsync(MonitoringObject.PrometheusRulePlural, channel.Metadata.NamespaceProperty, DispatcherNames.SloRule(channel), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureFinalizerAsync(Channel channel, CancellationToken cancellationToken)
    {
        var finalizers = channel.Metadata.Finalizers ?? [];
        var wanted = channel.Spec.DeletionPolicy == DeletionPolicy.Delete;
        var has = finalizers.Contains(DispatcherNames.StreamFinalizer);
        if (wanted == has)
        {
            return;
        }

        var updated = wanted ? [.. finalizers, DispatcherNames.StreamFinalizer] : finalizers.Where(f => f != DispatcherNames.StreamFinalizer).ToList();
        await PatchFinalizersAsync(channel, updated, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> FinalizeAsync(Channel channel, CancellationToken cancellationToken)
    {
        var finalizers = channel.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(DispatcherNames.StreamFinalizer))
        {
            return ReconcileResult.Done;
        }

        var key = ReferenceIndex.Key(channel.Metadata);
        var stream = NatsNames.StreamName(channel);
        if (channel.Spec.DeletionPolicy == DeletionPolicy.Delete)
        {
            await streams.DeleteAsync(channel, cancellationToken).ConfigureAwait(false);
            Log.ChannelDeleted(logger, key, stream, "deleted");
            await events.RecordAsync(channel, EventRecorder.Normal, "StreamDeleted", $"Deleted JetStream stream {stream} (deletionPolicy Delete)", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Log.ChannelDeleted(logger, key, stream, "retained");
        }

        try
        {
            await PatchFinalizersAsync(channel, [.. finalizers.Where(f => f != DispatcherNames.StreamFinalizer)], cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already.
        }

        return ReconcileResult.Done;
    }

    // The resourceVersion makes the patch conditional: a concurrent change answers 409 and the reconcile is retried.
    private Task PatchFinalizersAsync(Channel channel, IList<string> finalizers, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(
                new System.Text.Json.Nodes.JsonObject
                {
                    ["metadata"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["resourceVersion"] = channel.Metadata.ResourceVersion,
                        ["finalizers"] = new System.Text.Json.Nodes.JsonArray([.. finalizers.Select(f => (System.Text.Json.Nodes.JsonNode?)f)]),
                    },
                },
                V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, channel.Metadata.NamespaceProperty, ApiGroup.ChannelPlural, channel.Metadata.Name,
            cancellationToken: cancellationToken);

    private static T Copy<T>(T value) => value is null ? value : KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
