using System.Collections.Concurrent;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.StatusWebhooks;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Api;

/// <summary>Opens (once) the status bucket of each Channel for the API; a bucket the dispatcher has not provisioned yet is looked up again next time.</summary>
public sealed class StatusStores(INatsKVContext kv, INatsConnection connection, StatusEventQueue statusEvents)
{
    private const int NotFound = 404;

    private readonly ConcurrentDictionary<string, ChannelStatusStore> _stores = new(StringComparer.Ordinal);

    public async ValueTask<ChannelStatusStore?> GetAsync(ChannelRuntime runtime, CancellationToken cancellationToken)
    {
        if (_stores.TryGetValue(runtime.Key, out var store))
        {
            return store;
        }

        try
        {
            var bucket = await kv.GetStoreAsync(NatsNames.StatusBucket(runtime.Channel), cancellationToken).ConfigureAwait(false);
            var index = await TryGetStoreAsync(ProviderMessageIndex.BucketName(runtime.Channel), cancellationToken).ConfigureAwait(false);
            return _stores.GetOrAdd(
                runtime.Key,
                new ChannelStatusStore(bucket, connection, runtime.Channel, statusEvents, index: index is null ? null : new ProviderMessageIndex(index, connection)));
        }
        catch (NatsKVException)
        {
            return null;
        }
        catch (NatsJSApiException e) when (e.Error.Code == NotFound)
        {
            return null;
        }
    }

    private async Task<INatsKVStore?> TryGetStoreAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await kv.GetStoreAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsKVException)
        {
            return null;
        }
        catch (NatsJSApiException e) when (e.Error.Code == NotFound)
        {
            return null;
        }
    }
}
