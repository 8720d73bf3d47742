using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Recipients.Preferences;

/// <summary>Reads and writes recipients' preferences (per namespace) in the preferences KV bucket; reads come from its mirror.</summary>
public sealed class PreferenceStore(RecipientBuckets buckets, TimeProvider time)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;
    private const int MaxWriteRounds = 4;

    public async ValueTask<RecipientPreferences?> GetAsync(string @namespace, string recipient, CancellationToken cancellationToken)
    {
        var mirror = await buckets.PreferencesAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await mirror.GetAsync(RecipientKeys.Preferences(@namespace, recipient), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : RecipientJson.TryDeserialize<RecipientPreferences>(bytes);
    }

    public async Task<RecipientPreferences> PutAsync(string @namespace, string recipient, RecipientPreferences preferences, CancellationToken cancellationToken)
    {
        var mirror = await buckets.PreferencesAsync(cancellationToken).ConfigureAwait(false);
        var stored = preferences with { UpdatedAt = time.GetUtcNow() };
        var key = RecipientKeys.Preferences(@namespace, recipient);
        var bytes = RecipientJson.Serialize(stored);
        await mirror.Bucket.PutAsync(key, bytes, Raw, cancellationToken).ConfigureAwait(false);
        mirror.Apply(key, bytes);
        return stored;
    }

    /// <summary>Reads, changes and writes back with a compare-and-set, so two concurrent changes (STOP and an API PATCH) both count.</summary>
    public async Task<RecipientPreferences> UpdateAsync(string @namespace, string recipient, Func<RecipientPreferences, RecipientPreferences> change, CancellationToken cancellationToken)
    {
        var mirror = await buckets.PreferencesAsync(cancellationToken).ConfigureAwait(false);
        var key = RecipientKeys.Preferences(@namespace, recipient);
        for (var round = 0; ; round++)
        {
            var entry = await Status.KvEntries.GetOrNullAsync(mirror.Bucket, key, cancellationToken).ConfigureAwait(false);
            var current = entry?.Value is { } value ? RecipientJson.TryDeserialize<RecipientPreferences>(value) ?? new() : new RecipientPreferences();
            var updated = change(current) with { UpdatedAt = time.GetUtcNow() };
            var bytes = RecipientJson.Serialize(updated);
            var result = entry is { } existing
                ? await mirror.Bucket.TryUpdateAsync(key, bytes, existing.Revision, Raw, cancellationToken).ConfigureAwait(false)
                : await mirror.Bucket.TryCreateAsync(key, bytes, Raw, cancellationToken).ConfigureAwait(false);
            if (result.Success)
            {
                mirror.Apply(key, bytes);
                return updated;
            }

            if (round + 1 >= MaxWriteRounds || result.Error is not (NatsKVCreateException or NatsKVWrongLastRevisionException))
            {
                throw result.Error;
            }
        }
    }

    /// <summary>Deletes the recipient's preferences; true when there were any.</summary>
    public async Task<bool> DeleteAsync(string @namespace, string recipient, CancellationToken cancellationToken)
    {
        var mirror = await buckets.PreferencesAsync(cancellationToken).ConfigureAwait(false);
        var key = RecipientKeys.Preferences(@namespace, recipient);
        var existed = await Status.KvEntries.GetOrNullAsync(mirror.Bucket, key, cancellationToken).ConfigureAwait(false) is not null;
        if (existed)
        {
            await mirror.Bucket.DeleteAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
            mirror.Apply(key, null);
        }

        return existed;
    }

    /// <summary>Adds (or with <paramref name="optOut"/> false removes) a channel-type opt-out.</summary>
    public Task<RecipientPreferences> SetChannelTypeOptOutAsync(string @namespace, string recipient, string channelType, bool optOut, CancellationToken cancellationToken) =>
        UpdateAsync(@namespace, recipient, p => p with { OptOut = p.OptOut with { ChannelTypes = Toggle(p.OptOut.ChannelTypes, channelType, optOut) } }, cancellationToken);

    public Task<RecipientPreferences> SetCategoryOptOutAsync(string @namespace, string recipient, string category, bool optOut, CancellationToken cancellationToken) =>
        UpdateAsync(@namespace, recipient, p => p with { OptOut = p.OptOut with { Categories = Toggle(p.OptOut.Categories, category, optOut) } }, cancellationToken);

    private static IReadOnlyList<string> Toggle(IReadOnlyList<string> items, string item, bool present) =>
        present
            ? (items.Contains(item, StringComparer.Ordinal) ? items : [.. items, item])
            : [.. items.Where(i => !string.Equals(i, item, StringComparison.Ordinal))];
}
