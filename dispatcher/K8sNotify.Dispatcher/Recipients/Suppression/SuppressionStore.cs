using K8sNotify.Dispatcher.Configuration;
using NATS.Client.Core;

namespace K8sNotify.Dispatcher.Recipients.Suppression;

/// <summary>
/// The suppression lists of the Channels in their KV bucket. nats 2.9 has no per-key TTL, so each entry carries its
/// expiry: expired entries count as absent and <see cref="RemoveExpiredAsync"/> deletes them.
/// </summary>
public sealed class SuppressionStore(RecipientBuckets buckets, TimeProvider time)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    /// <summary>The active entry of the recipient on the Channel's list, or null.</summary>
    public async ValueTask<SuppressionEntry?> GetAsync(string @namespace, string channel, string recipient, CancellationToken cancellationToken)
    {
        var mirror = await buckets.SuppressionsAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await mirror.GetAsync(RecipientKeys.Suppression(@namespace, channel, recipient), cancellationToken).ConfigureAwait(false);
        return bytes is not null && RecipientJson.TryDeserialize<SuppressionEntry>(bytes) is { } entry && entry.IsActive(time.GetUtcNow()) ? entry : null;
    }

    /// <summary>Puts the recipient on the Channel's list for <paramref name="ttl"/>.</summary>
    public async Task<SuppressionEntry> AddAsync(string @namespace, string channel, string recipient, string reason, string source, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var mirror = await buckets.SuppressionsAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var entry = new SuppressionEntry { Recipient = RecipientKeys.Normalize(recipient), Reason = reason, Source = source, CreatedAt = now, ExpiresAt = now + ttl };
        var key = RecipientKeys.Suppression(@namespace, channel, recipient);
        var bytes = RecipientJson.Serialize(entry);
        await mirror.Bucket.PutAsync(key, bytes, Raw, cancellationToken).ConfigureAwait(false);
        mirror.Apply(key, bytes);
        return entry;
    }

    /// <summary>Takes the recipient off the list; true when it was on it.</summary>
    public async Task<bool> RemoveAsync(string @namespace, string channel, string recipient, CancellationToken cancellationToken)
    {
        var mirror = await buckets.SuppressionsAsync(cancellationToken).ConfigureAwait(false);
        var key = RecipientKeys.Suppression(@namespace, channel, recipient);
        var existed = await Status.KvEntries.GetOrNullAsync(mirror.Bucket, key, cancellationToken).ConfigureAwait(false) is { Value: { } value }
            && RecipientJson.TryDeserialize<SuppressionEntry>(value) is { } entry && entry.IsActive(time.GetUtcNow());
        await mirror.Bucket.DeleteAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
        mirror.Apply(key, null);
        return existed;
    }

    /// <summary>The active entries of a Channel, oldest first.</summary>
    public async Task<IReadOnlyList<SuppressionEntry>> ListAsync(string @namespace, string channel, CancellationToken cancellationToken)
    {
        var mirror = await buckets.SuppressionsAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var prefix = RecipientKeys.SuppressionPrefix(@namespace, channel);
        return [.. (await mirror.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            .Where(kv => kv.Key.IndexOf('.', prefix.Length) < 0)
            .Select(kv => RecipientJson.TryDeserialize<SuppressionEntry>(kv.Value))
            .OfType<SuppressionEntry>()
            .Where(e => e.IsActive(now))
            .OrderBy(e => e.CreatedAt)];
    }

    /// <summary>Deletes every expired entry of the served Channels; returns how many.</summary>
    public async Task<int> RemoveExpiredAsync(IEnumerable<ChannelRuntime> channels, CancellationToken cancellationToken)
    {
        var mirror = await buckets.SuppressionsAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var runtime in channels)
        {
            foreach (var (key, value) in await mirror.ListAsync(RecipientKeys.SuppressionPrefix(runtime.Namespace, runtime.Name), cancellationToken).ConfigureAwait(false))
            {
                if (RecipientJson.TryDeserialize<SuppressionEntry>(value) is { } entry && !entry.IsActive(now))
                {
                    await mirror.Bucket.DeleteAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
                    mirror.Apply(key, null);
                    removed++;
                }
            }
        }

        return removed;
    }
}
