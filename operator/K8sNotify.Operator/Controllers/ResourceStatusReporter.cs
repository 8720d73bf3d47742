using k8s;
using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Conditions;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Controllers;

/// <summary>Turns validation problems into the kstatus conditions of a Template or Provider, writing and announcing only changes.</summary>
public sealed class ResourceStatusReporter(StatusWriter statusWriter, EventRecorder events, TimeProvider timeProvider, ILogger<ResourceStatusReporter> logger)
{
    /// <param name="obj">The Template or Provider.</param>
    /// <param name="before">Its status as read.</param>
    /// <param name="problems">What validation found; none means Ready.</param>
    /// <param name="readyMessage">The Ready message.</param>
    /// <param name="suspendedMessage">Non-null while the object is suspended: the Suspended condition's message.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public async Task ReportAsync<T, TStatus>(T obj, TStatus? before, IReadOnlyList<ReferenceProblem> problems, string readyMessage, string? suspendedMessage, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
        where TStatus : ResourceStatus, new()
    {
        var status = before is null ? new TStatus() : KubernetesJson.Deserialize<TStatus>(KubernetesJson.Serialize(before));
        var generation = obj.Metadata.Generation;
        if (problems.Count == 0)
        {
            StatusConditions.MarkReady(status, generation, ConditionTypes.ValidReason, readyMessage, timeProvider.GetUtcNow());
        }
        else
        {
            StatusConditions.MarkStalled(status, generation, problems[0].Reason, string.Join("; ", problems.Select(p => p.Message)), timeProvider.GetUtcNow());
        }

        if (suspendedMessage is null)
        {
            StatusConditions.Remove(status, ConditionTypes.Suspended);
        }
        else
        {
            StatusConditions.Set(status, ConditionTypes.Suspended, true, ConditionTypes.Suspended, suspendedMessage, generation, timeProvider.GetUtcNow());
        }

        if (StatusWriter.Same(before, status))
        {
            return;
        }

        await statusWriter.WriteAsync(obj, status, cancellationToken).ConfigureAwait(false);
        var was = StatusConditions.Find(before, ConditionTypes.Ready);
        var now = StatusConditions.Find(status, ConditionTypes.Ready)!;
        if (was?.Status == now.Status && was.Reason == now.Reason)
        {
            return;
        }

        Log.ResourceCondition(logger, obj.Kind, ReferenceIndex.Key(obj.Metadata), now.Status == "True" ? "Ready" : "Stalled", now.Reason);
        await events.RecordAsync(
            obj,
            now.Status == "True" ? EventRecorder.Normal : EventRecorder.Warning,
            now.Status == "True" ? "Ready" : now.Reason,
            now.Message,
            cancellationToken).ConfigureAwait(false);
    }
}
