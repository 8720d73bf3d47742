namespace K8sNotify.Operator.Runtime;

/// <summary>What happened to a cached object.</summary>
public enum ResourceEventType
{
    Added,
    Updated,

    /// <summary>The object is gone; the event carries its last known state.</summary>
    Deleted,

    /// <summary>Periodic resync: nothing changed, every cached object is delivered again (treat like <see cref="Updated"/>).</summary>
    Resynced,
}
