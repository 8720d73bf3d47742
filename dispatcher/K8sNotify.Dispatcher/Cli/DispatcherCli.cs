using System.CommandLine;
using K8sNotify.Api.Contract;
using K8sNotify.Dispatcher.Configuration;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Cli;

/// <summary>
/// The <c>k8snotify-dispatcher</c> command line: without a subcommand it runs the dispatcher; <c>publish</c> and
/// <c>status</c> are small tools for standalone use. Every option can also come from a <c>K8SNOTIFY_*</c> variable.
/// </summary>
internal static class DispatcherCli
{
    public const string ExecutableName = "k8snotify-dispatcher";

    public static RootCommand Create(IReadOnlyList<string> args)
    {
        var root = new RootCommand(
            "K8sNotify dispatcher: consumes a Channel's JetStream subject and delivers each notification through its Providers. "
            + "Every option can also be set by an environment variable (--nats ⇔ K8SNOTIFY_NATS, --http-port ⇔ K8SNOTIFY_HTTP_PORT), "
            + "and any configuration key by --Section:Key=VALUE.")
        {
            HelpName = ExecutableName,
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(new Option<string>(DispatcherFlags.Manifests) { Description = "Standalone: a folder of Channel/Template/Provider/Secret YAML as applied to a cluster.", HelpName = "DIR" });
        root.Options.Add(new Option<string>(DispatcherFlags.Config) { Description = "Cluster: the DispatcherBundle JSON written by the operator (reloaded on change).", HelpName = "FILE" });
        root.Options.Add(new Option<string>(DispatcherFlags.Nats) { Description = $"NATS URL (default {DispatcherOptions.DefaultNatsUrl}).", HelpName = "URL" });
        root.Options.Add(new Option<string>(DispatcherFlags.NatsCredentials) { Description = "NATS credentials file (user JWT and NKey seed).", HelpName = "FILE" });
        root.Options.Add(new Option<string>(DispatcherFlags.Redis) { Description = "Redis for shared rate limits (optional).", HelpName = "URL" });
        root.Options.Add(new Option<int>(DispatcherFlags.HttpPort) { Description = $"Port of /metrics, /healthz, /readyz and the HTTP API (default {DispatcherOptions.DefaultHttpPort}).", HelpName = "N" });
        root.Options.Add(new Option<string>(DispatcherFlags.Channel) { Description = "Standalone: which Channels of the folder to run, comma-separated (default: all).", HelpName = "NAME[,NAME]" });
        root.Options.Add(new Option<string>(DispatcherFlags.Namespace) { Description = $"Namespace of manifests that set none (default {DispatcherOptions.DefaultNamespace}).", HelpName = "NS" });
        root.Options.Add(new Option<bool>(DispatcherFlags.Api) { Description = "Serve the HTTP submit API of the Channels that enable it." });
        var logFormat = new Option<string>(DispatcherFlags.LogFormat) { Description = "Console logs as json (one object per line, with scopes) or text (default).", HelpName = "json|text" };
        logFormat.AcceptOnlyFromAmong([.. LogFormats.All]);
        root.Options.Add(logFormat);
        root.Subcommands.Add(PublishCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.SetAction((parsed, cancellationToken) => ServeAsync([.. args], parsed.InvocationConfiguration.Error, root));
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; the process exit code.</summary>
    public static Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        CommandInvoker.InvokeAsync(Create(args), args, stdout, stderr, cancellationToken);

    // The host binds the same switches (and any --Section:Key) through its configuration, so it gets the raw arguments.
    private static async Task<int> ServeAsync(string[] args, TextWriter stderr, Command root)
    {
        try
        {
            var app = DispatcherHost.Build(DispatcherHost.CreateBuilder(args));
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await stderr.WriteLineAsync($"{ExecutableName}: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            await CommandInvoker.WriteUsageAsync(stderr, root).ConfigureAwait(false);
            return CommandInvoker.BadInput;
        }
        catch (ConfigurationException e)
        {
            await stderr.WriteLineAsync($"{ExecutableName}: {e.Message}").ConfigureAwait(false);
            return CommandInvoker.BadInput;
        }
    }
}
