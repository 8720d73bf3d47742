using System.CommandLine;
using K8sNotify.Api.Contract;
using K8sNotify.Dispatcher.Configuration;
using EnvironmentOptions = K8sNotify.Dispatcher.Cli.EnvironmentOptions;

namespace K8sNotify.Cli;

/// <summary>The options every command accepts: where the resources come from (a manifest folder or a cluster), the Channel, NATS and the output format.</summary>
internal sealed class GlobalOptions
{
    public const string Text = "text";
    public const string Json = "json";

    public Option<string?> Manifests { get; } = Recursive(EnvironmentOptions.Create(DispatcherFlags.Manifests, "Standalone: the folder of Channel/Template/Provider YAML a standalone dispatcher runs on, instead of a cluster", "DIR"));

    public Option<string?> Kubeconfig { get; } = Recursive(new Option<string?>("--kubeconfig") { Description = "Cluster: the kubeconfig (default: $KUBECONFIG, then ~/.kube/config)", HelpName = "FILE" });

    public Option<string?> Context { get; } = Recursive(new Option<string?>("--context") { Description = "Cluster: the kubeconfig context (default: its current context)", HelpName = "NAME" });

    public Option<string?> Namespace { get; } = Recursive(new Option<string?>("--namespace", "-n") { Description = "Namespace of the Channel and Templates (default: the context's namespace, or default)", HelpName = "NS" });

    public Option<string?> Channel { get; } = Recursive(new Option<string?>("--channel", "-c") { Description = "The Channel (may be left out when the namespace has only one)", HelpName = "NAME" });

    public Option<string?> Nats { get; } = Recursive(EnvironmentOptions.Create(DispatcherFlags.Nats, $"NATS URL (default {DispatcherOptions.DefaultNatsUrl})", "URL"));

    public Option<string?> NatsCredentials { get; } = Recursive(EnvironmentOptions.Create(DispatcherFlags.NatsCredentials, "NATS credentials file (user JWT and NKey seed)", "FILE"));

    public Option<string> Output { get; } = Recursive(OutputOption());

    public IEnumerable<Option> All => [Manifests, Kubeconfig, Context, Namespace, Channel, Nats, NatsCredentials, Output];

    /// <summary>The values of a parsed command line.</summary>
    public CliSettings Read(ParseResult parsed) => new(
        parsed.GetValue(Manifests),
        parsed.GetValue(Kubeconfig),
        parsed.GetValue(Context),
        parsed.GetValue(Namespace),
        parsed.GetValue(Channel),
        parsed.GetValue(Nats) ?? DispatcherOptions.DefaultNatsUrl,
        parsed.GetValue(NatsCredentials),
        parsed.GetValue(Output) == Json);

    private static Option<string> OutputOption()
    {
        var option = new Option<string>("--output", "-o") { Description = "Output as text for people or json for scripts", HelpName = "text|json", DefaultValueFactory = _ => Text };
        option.AcceptOnlyFromAmong(Text, Json);
        return option;
    }

    private static T Recursive<T>(T option)
        where T : Option
    {
        option.Recursive = true;
        return option;
    }
}
