using K8sNotify.Dispatcher.Providers;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>
/// Loads the configuration at start (a bad configuration stops the process with the reason) and then watches the
/// source: when its content changes, the Channels' runtimes are rebuilt and swapped without a restart. A bad reload
/// is logged and the previous configuration stays.
/// </summary>
public sealed class ConfigurationService(
    IChannelConfigSource source,
    ChannelRuntimeBuilder builder,
    ChannelRuntimeStore store,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<ConfigurationService> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private string _fingerprint = "";
    private Task _watch = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _fingerprint = source.Fingerprint();
        IReadOnlyList<ChannelRuntime> runtimes;
        try
        {
            runtimes = [.. source.Load().Select(builder.Build)];
        }
        catch (ConfigurationException e)
        {
            logger.ConfigInvalid(e.Message);
            throw;
        }

        foreach (var runtime in runtimes)
        {
            store.Set(runtime);
        }

        logger.ConfigLoaded(source.Description, string.Join(", ", runtimes.Select(r => r.Key)));
        _watch = WatchAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _watch.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Checks the source once and reloads when it changed; returns whether a reload happened.</summary>
    public bool ReloadIfChanged()
    {
        var fingerprint = source.Fingerprint();
        if (fingerprint == _fingerprint)
        {
            return false;
        }

        _fingerprint = fingerprint;
        var runtimes = new List<ChannelRuntime>();
        try
        {
            foreach (var config in source.Load())
            {
                runtimes.Add(builder.Build(config));
            }
        }
        catch (Exception e) when (e is ConfigurationException or ProviderConfigurationException)
        {
            // The versions built before the failure are never used: let go of their providers.
            foreach (var unused in runtimes)
            {
                unused.Router.Retire();
            }

            logger.ConfigReloadFailed(source.Description, e.Message);
            return false;
        }

        foreach (var runtime in runtimes)
        {
            if (store.Get(runtime.Key) is null)
            {
                runtime.Router.Retire();
                logger.NewChannelIgnored(runtime.Key);
                continue;
            }

            store.Set(runtime);
            logger.ConfigReloaded(runtime.Key, runtime.Version);
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                ReloadIfChanged();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
