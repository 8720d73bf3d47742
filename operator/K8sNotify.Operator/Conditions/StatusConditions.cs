using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Conditions;

/// <summary>
/// Sets the kstatus triple (Ready, Reconciling, Stalled) consistently: exactly one of "ready", "reconciling" or
/// "stalled" holds, every condition carries the generation it describes, and lastTransitionTime moves only when a
/// condition's status flips (so re-running a reconcile with the same outcome writes nothing new).
/// </summary>
public static class StatusConditions
{
    /// <summary>Everything converged: Ready=True, Reconciling=False, Stalled=False.</summary>
    public static void MarkReady(ResourceStatus status, long? generation, string reason, string message, DateTimeOffset now) =>
        Mark(status, generation, now, ready: true, reconciling: false, stalled: false, reason, message);

    /// <summary>Work in progress that needs no one's help (a rollout, a retry): Ready=False, Reconciling=True, Stalled=False.</summary>
    public static void MarkReconciling(ResourceStatus status, long? generation, string reason, string message, DateTimeOffset now) =>
        Mark(status, generation, now, ready: false, reconciling: true, stalled: false, reason, message);

    /// <summary>Cannot progress until something is changed (a missing Template, an invalid spec): Ready=False, Reconciling=False, Stalled=True.</summary>
    public static void MarkStalled(ResourceStatus status, long? generation, string reason, string message, DateTimeOffset now) =>
        Mark(status, generation, now, ready: false, reconciling: false, stalled: true, reason, message);

    /// <summary>The condition of <paramref name="type"/>, or null.</summary>
    public static V1Condition? Find(ResourceStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>True when Ready=True describes <paramref name="generation"/>.</summary>
    public static bool IsReady(ResourceStatus? status, long? generation) =>
        Find(status, ConditionTypes.Ready) is { Status: "True" } ready && ready.ObservedGeneration == generation;

    /// <summary>Removes the condition of <paramref name="type"/> if present.</summary>
    public static void Remove(ResourceStatus status, string type) =>
        status.Conditions?.Remove(Find(status, type)!);

    /// <summary>Sets one condition, keeping its lastTransitionTime unless the status flips.</summary>
    public static void Set(ResourceStatus status, string type, bool value, string reason, string message, long? generation, DateTimeOffset now)
    {
        status.Conditions ??= [];
        var text = value ? "True" : "False";
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        var transition = existing is not null && existing.Status == text ? existing.LastTransitionTime : now.UtcDateTime;
        var condition = new V1Condition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = Truncate(message),
            ObservedGeneration = generation,
            LastTransitionTime = Truncate(transition),
        };
        if (existing is null)
        {
            status.Conditions.Add(condition);
        }
        else
        {
            status.Conditions[status.Conditions.IndexOf(existing)] = condition;
        }
    }

    private static void Mark(ResourceStatus status, long? generation, DateTimeOffset now, bool ready, bool reconciling, bool stalled, string reason, string message)
    {
        status.ObservedGeneration = generation;
        Set(status, ConditionTypes.Ready, ready, reason, message, generation, now);
        Set(status, ConditionTypes.Reconciling, reconciling, reconciling ? reason : ConditionTypes.ReconciledReason, reconciling ? message : "", generation, now);
        Set(status, ConditionTypes.Stalled, stalled, stalled ? reason : ConditionTypes.ReconciledReason, stalled ? message : "", generation, now);
        var order = new[] { ConditionTypes.Ready, ConditionTypes.Reconciling, ConditionTypes.Stalled };
        status.Conditions = [.. status.Conditions!.OrderBy(c => Array.IndexOf(order, c.Type) is var i && i < 0 ? int.MaxValue : i)];
    }

    // The API server stores RFC 3339 seconds; sub-second precision would make every comparison with a read-back differ.
    private static DateTime Truncate(DateTime time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    // metav1.Condition limits message to 32768 characters.
    private static string Truncate(string message) => message.Length <= 32_768 ? message : message[..32_765] + "...";
}
