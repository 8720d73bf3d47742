using System.Text;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Status;

/// <summary>
/// Maps a provider's message id (Twilio MessageSid, FCM message name, a webhook receiver's X-Request-Id) to the
/// notification id, so a delivery receipt that only knows the provider's id finds its status record. One KV bucket per
/// Channel, expiring like the status bucket.
/// </summary>
public sealed class ProviderMessageIndex(INatsKVStore bucket, INatsConnection connection)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    public static string BucketName(Channel channel) => ChannelJetStream.IndexBucketName(channel);

    /// <summary>
    /// Records the mapping with a plain publish to the bucket's subject (what a KV put is on the wire) rather than an
    /// acknowledged put: this runs right after a send and must not add a round trip. A lost entry only means a receipt
    /// naming nothing but the provider's id is not matched; receipts carrying the notification id still are.
    /// </summary>
    public ValueTask RecordAsync(string providerMessageId, string notificationId, CancellationToken cancellationToken) =>
        connection.PublishAsync($"$KV.{bucket.Bucket}.{StatusKeys.For(providerMessageId)}", Encoding.UTF8.GetBytes(notificationId), serializer: Raw, cancellationToken: cancellationToken);

    /// <summary>The notification id recorded for a provider message id, or null.</summary>
    public async ValueTask<string?> FindAsync(string providerMessageId, CancellationToken cancellationToken)
    {
        var entry = await KvEntries.GetOrNullAsync(bucket, StatusKeys.For(providerMessageId), cancellationToken).ConfigureAwait(false);
        return entry is { Value: { Length: > 0 } bytes } ? Encoding.UTF8.GetString(bytes) : null;
    }
}
