namespace K8sNotify.Dispatcher.Status;

/// <summary>How a read-change-write of a status record through <see cref="ChannelStatusStore.UpdateAsync"/> ended.</summary>
public enum StatusUpdate
{
    /// <summary>The changed record was written.</summary>
    Written,

    /// <summary>The change left the record as it was (nothing to write).</summary>
    Declined,

    /// <summary>Every round lost the compare-and-set to another writer.</summary>
    Contended,
}
