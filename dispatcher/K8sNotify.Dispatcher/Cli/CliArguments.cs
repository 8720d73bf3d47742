namespace K8sNotify.Dispatcher.Cli;

/// <summary>Parses <c>--name value</c> pairs of the small CLI subcommands, with K8SNOTIFY_* environment fallbacks.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private CliArguments()
    {
    }

    public static CliArguments Parse(IReadOnlyList<string> args, out string? error)
    {
        var parsed = new CliArguments();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unexpected argument '{arg}'";
                return parsed;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parsed._values[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                parsed._values[arg[2..]] = args[++i];
            }
            else
            {
                error = $"{arg} needs a value";
                return parsed;
            }
        }

        return parsed;
    }

    public string? Get(string name) =>
        _values.TryGetValue(name, out var value)
            ? value
            : Environment.GetEnvironmentVariable(DispatcherHost.EnvironmentPrefix + name.ToUpperInvariant().Replace('-', '_'));
}
