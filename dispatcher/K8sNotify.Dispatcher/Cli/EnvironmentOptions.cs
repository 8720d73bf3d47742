using System.CommandLine;

namespace K8sNotify.Dispatcher.Cli;

/// <summary>Options whose value falls back to a <c>K8SNOTIFY_*</c> environment variable (<c>--msg-id</c> ⇔ <c>K8SNOTIFY_MSG_ID</c>).</summary>
internal static class EnvironmentOptions
{
    public static Option<string?> Create(string name, string description, string helpName)
    {
        var variable = VariableName(name);
        return new Option<string?>(name)
        {
            Description = $"{description} (environment: {variable})",
            HelpName = helpName,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable),
        };
    }

    /// <summary>The environment variable of an option: <c>--nats-credentials</c> ⇔ <c>K8SNOTIFY_NATS_CREDENTIALS</c>.</summary>
    public static string VariableName(string option) =>
        DispatcherHost.EnvironmentPrefix + option.TrimStart('-').ToUpperInvariant().Replace('-', '_');
}
