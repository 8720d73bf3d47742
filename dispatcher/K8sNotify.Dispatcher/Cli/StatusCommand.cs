using K8sNotify.Api.Conventions;
using K8sNotify.Api.Manifests;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Status;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Cli;

/// <summary><c>status</c>: prints the status records of a Channel (one JSON line each), or of one notification id.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var cli = CliArguments.Parse(args, out var problem);
        var manifests = cli.Get("manifests");
        if (problem is not null || manifests is null)
        {
            await error.WriteLineAsync($"status: {problem ?? "--manifests is required"}\n\n{Usage.Text}").ConfigureAwait(false);
            return 2;
        }

        ManifestSet set;
        try
        {
            set = ManifestReader.ReadDirectory(manifests, cli.Get("namespace") ?? DispatcherOptions.DefaultNamespace);
        }
        catch (ManifestException e)
        {
            await error.WriteLineAsync($"status: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var wanted = cli.Get("channel");
        var channels = set.Channels.Where(c => wanted is null || c.Metadata.Name == wanted).ToList();
        if (channels.Count == 0)
        {
            await error.WriteLineAsync($"status: no Channel {wanted} in {manifests}").ConfigureAwait(false);
            return 1;
        }

        await using var connection = new NatsConnection(NatsOpts.Default with { Url = cli.Get("nats") ?? DispatcherOptions.DefaultNatsUrl, Name = "k8snotify-status" });
        var kv = new NatsKVContext(new NatsJSContext(connection));
        var id = cli.Get("id");
        try
        {
            foreach (var channel in channels)
            {
                var store = new ChannelStatusStore(await kv.GetStoreAsync(NatsNames.StatusBucket(channel)).ConfigureAwait(false), connection, channel);
                if (id is not null)
                {
                    var entry = await store.GetAsync(id, CancellationToken.None).ConfigureAwait(false);
                    await output.WriteLineAsync(entry is null ? $"{id}: no status" : System.Text.Encoding.UTF8.GetString(StatusJson.Serialize(entry.Record))).ConfigureAwait(false);
                    continue;
                }

                await foreach (var record in store.ListAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(StatusJson.Serialize(record))).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is NatsException or NatsJSApiException)
        {
            await error.WriteLineAsync($"status: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }
}
