using K8sNotify.Api.Contract;
using Microsoft.Extensions.Options;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>
/// Opens (creating when missing) the two KV buckets of recipient data and their in-memory mirrors: preferences
/// (one bucket, keys per namespace) and the suppression lists (one bucket, keys per Channel).
/// </summary>
public sealed class RecipientBuckets(INatsKVContext kv, IOptions<RecipientOptions> options, ILogger<RecipientBuckets> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _open = new(1, 1);
    private KvMirror? _preferences;
    private KvMirror? _suppressions;

    public async ValueTask<KvMirror> PreferencesAsync(CancellationToken cancellationToken) =>
        _preferences ?? (await OpenAsync(cancellationToken).ConfigureAwait(false)).Preferences;

    public async ValueTask<KvMirror> SuppressionsAsync(CancellationToken cancellationToken) =>
        _suppressions ?? (await OpenAsync(cancellationToken).ConfigureAwait(false)).Suppressions;

    public async ValueTask DisposeAsync()
    {
        if (_preferences is not null)
        {
            await _preferences.DisposeAsync().ConfigureAwait(false);
        }

        if (_suppressions is not null)
        {
            await _suppressions.DisposeAsync().ConfigureAwait(false);
        }

        _open.Dispose();
    }

    private async Task<(KvMirror Preferences, KvMirror Suppressions)> OpenAsync(CancellationToken cancellationToken)
    {
        await _open.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_preferences is null || _suppressions is null)
            {
                var replicas = options.Value.Replicas;
                var preferences = new KvMirror(await OpenStoreAsync(RecipientJetStream.PreferencesBucket(replicas), cancellationToken).ConfigureAwait(false), logger);
                var suppressions = new KvMirror(await OpenStoreAsync(RecipientJetStream.SuppressionsBucket(replicas), cancellationToken).ConfigureAwait(false), logger);
                preferences.Start();
                suppressions.Start();
                (_preferences, _suppressions) = (preferences, suppressions);
            }

            return (_preferences, _suppressions);
        }
        finally
        {
            _open.Release();
        }
    }

    private async Task<INatsKVStore> OpenStoreAsync(NatsKVConfig config, CancellationToken cancellationToken)
    {
        try
        {
            return await kv.GetStoreAsync(config.Bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsKVException or NATS.Client.JetStream.NatsJSApiException)
        {
            return await kv.CreateOrUpdateStoreAsync(config, cancellationToken).ConfigureAwait(false);
        }
    }
}
