using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Status;

/// <summary>Reads of the dispatcher's KV buckets where a missing or deleted key is an answer, not an error.</summary>
internal static class KvEntries
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    /// <summary>The key's current entry, or null when it was never written or has been deleted; other failures throw.</summary>
    public static async ValueTask<NatsKVEntry<byte[]>?> GetOrNullAsync(INatsKVStore bucket, string key, CancellationToken cancellationToken)
    {
        var result = await bucket.TryGetEntryAsync(key, serializer: Raw, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return result.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException ? null : throw result.Error;
        }

        return result.Value;
    }
}
