using NATS.Client.KeyValueStore;

namespace K8sNotify.Api.Contract;

/// <summary>The KV buckets of recipient data, shared by every Channel: preferences (keys per namespace) and suppression lists (keys per Channel).</summary>
public static class RecipientJetStream
{
    public const string PreferencesBucketName = "K8SNOTIFY_RECIPIENT_PREFERENCES";
    public const string SuppressionsBucketName = "K8SNOTIFY_RECIPIENT_SUPPRESSIONS";

    /// <summary>Preferences live until deleted: one revision per key, file storage.</summary>
    public static NatsKVConfig PreferencesBucket(int replicas) =>
        new(PreferencesBucketName) { Description = "Recipient preferences of K8sNotify", History = 1, Storage = NatsKVStorageType.File, NumberOfReplicas = replicas };

    /// <summary>Suppression entries carry their own expiry (nats 2.9 has no per-key TTL), so the bucket keeps them until the cleanup deletes them.</summary>
    public static NatsKVConfig SuppressionsBucket(int replicas) =>
        new(SuppressionsBucketName) { Description = "Suppression lists of K8sNotify Channels", History = 1, Storage = NatsKVStorageType.File, NumberOfReplicas = replicas };
}
