using System.CommandLine;
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
    public const string Name = "status";

    /// <summary>The <c>status</c> command.</summary>
    public static Command Create()
    {
        var manifests = EnvironmentOptions.Create("--manifests", "Folder of the Channel manifests (required)", "DIR");
        var ns = EnvironmentOptions.Create("--namespace", $"Namespace of manifests that set none (default {DispatcherOptions.DefaultNamespace})", "NS");
        var channel = EnvironmentOptions.Create("--channel", "Only this Channel (default: every Channel of the folder)", "NAME");
        var id = EnvironmentOptions.Create("--id", "Only this notification id", "ID");
        var nats = EnvironmentOptions.Create("--nats", $"NATS URL (default {DispatcherOptions.DefaultNatsUrl})", "URL");
        var command = new Command(Name, "Print the status records of a Channel (one JSON line each), or of one notification id.") { manifests, ns, channel, id, nats };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            new Query(parsed.GetValue(manifests), parsed.GetValue(ns) ?? DispatcherOptions.DefaultNamespace, parsed.GetValue(channel), parsed.GetValue(id), parsed.GetValue(nats) ?? DispatcherOptions.DefaultNatsUrl),
            parsed.InvocationConfiguration.Output,
            parsed.InvocationConfiguration.Error,
            command));
        return command;
    }

    private static async Task<int> RunAsync(Query query, TextWriter output, TextWriter error, Command command)
    {
        var manifests = query.Manifests;
        if (manifests is null)
        {
            await error.WriteLineAsync($"{Name}: --manifests is required").ConfigureAwait(false);
            await CommandInvoker.WriteUsageAsync(error, command).ConfigureAwait(false);
            return CommandInvoker.BadInput;
        }

        ManifestSet set;
        try
        {
            set = ManifestReader.ReadDirectory(manifests, query.Namespace);
        }
        catch (ManifestException e)
        {
            await error.WriteLineAsync($"status: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var wanted = query.Channel;
        var channels = set.Channels.Where(c => wanted is null || c.Metadata.Name == wanted).ToList();
        if (channels.Count == 0)
        {
            await error.WriteLineAsync($"status: no Channel {wanted} in {manifests}").ConfigureAwait(false);
            return 1;
        }

        await using var connection = new NatsConnection(NatsOpts.Default with { Url = query.Nats, Name = "k8snotify-status" });
        var kv = new NatsKVContext(new NatsJSContext(connection));
        var id = query.Id;
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

    private sealed record Query(string? Manifests, string Namespace, string? Channel, string? Id, string Nats);
}
