using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Slo;

/// <summary>
/// <c>slo-rules -f DIR</c>: the SLO rules of every Channel in a folder of manifests, as PrometheusRule objects (for the
/// Prometheus Operator) or as plain Prometheus rule files (for a Prometheus configured with <c>rule_files</c>).
/// </summary>
public static class SloRulesCommand
{
    public const string Name = "slo-rules";

    public const string Usage = "slo-rules -f DIR [-f DIR ...] [--namespace NS] [--format prometheus-rule|rule-file] [-o DIR]";

    public const string PrometheusRuleFormat = "prometheus-rule";
    public const string RuleFileFormat = "rule-file";

    public const int Success = 0;
    public const int ChannelProblems = 1;
    public const int BadInput = 2;

    /// <summary>Runs the command; output goes to <paramref name="stdout"/> unless <c>-o DIR</c> names a folder (one file per Channel).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var directories = new List<string>();
        var defaultNamespace = "default";
        var format = PrometheusRuleFormat;
        string? outputDirectory = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-f" or "--filename" when i + 1 < args.Count:
                    directories.Add(args[++i]);
                    break;
                case "-n" or "--namespace" when i + 1 < args.Count:
                    defaultNamespace = args[++i];
                    break;
                case "--format" when i + 1 < args.Count && args[i + 1] is PrometheusRuleFormat or RuleFileFormat:
                    format = args[++i];
                    break;
                case "-o" or "--output" when i + 1 < args.Count:
                    outputDirectory = args[++i];
                    break;
                case "-h" or "--help":
                    stdout.WriteLine("usage: k8snotify-operator " + Usage);
                    return Success;
                default:
                    return Fail(stderr, $"unknown or incomplete argument '{args[i]}'");
            }
        }

        if (directories.Count == 0)
        {
            return Fail(stderr, "-f DIR is required");
        }

        var channels = new List<Channel>();
        try
        {
            foreach (var dir in directories)
            {
                channels.AddRange(ManifestReader.ReadDirectory(dir, defaultNamespace).Channels);
            }
        }
        catch (ManifestException e)
        {
            stderr.WriteLine($"{Name}: {e.Message}");
            return BadInput;
        }

        var failed = false;
        var documents = new List<(Channel Channel, IReadOnlyList<RuleGroup> Groups, string Yaml)>();
        foreach (var channel in channels
            .OrderBy(c => c.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(c => c.Metadata.Name, StringComparer.Ordinal))
        {
            var where = $"Channel {channel.Metadata.NamespaceProperty}/{channel.Metadata.Name}";
            var result = SloRuleGenerator.Generate(channel);
            if (result.Error is { } error)
            {
                stderr.WriteLine($"error: {where}: {error.Reason}: {error.Message}");
                failed = true;
                continue;
            }

            if (!result.HasRules)
            {
                stderr.WriteLine($"note: {where} has no spec.slo; no rules");
                continue;
            }

            var yaml = format == RuleFileFormat
                ? SloRuleFormats.ToRuleFile(result.Groups)
                : ManifestWriter.ToYaml(SloRuleFormats.ToPrometheusRule(channel, result)!);
            documents.Add((channel, result.Groups, $"# {where}: SLO rules\n{yaml}"));
        }

        if (outputDirectory is null)
        {
            // Rule files cannot be concatenated as YAML documents (Prometheus reads one per file), so they are one per run here.
            stdout.Write(format == RuleFileFormat && documents.Count > 1
                ? SloRuleFormats.ToRuleFile(documents.SelectMany(d => d.Groups))
                : string.Join("---\n", documents.Select(d => d.Yaml)));
        }
        else
        {
            Directory.CreateDirectory(outputDirectory);
            foreach (var (channel, _, yaml) in documents)
            {
                var path = Path.Combine(outputDirectory, $"{channel.Metadata.NamespaceProperty}-{channel.Metadata.Name}-slo.yaml");
                File.WriteAllText(path, yaml);
                stderr.WriteLine($"wrote {path}");
            }
        }

        return failed ? ChannelProblems : Success;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"{Name}: {message}");
        stderr.WriteLine("usage: k8snotify-operator " + Usage);
        return BadInput;
    }
}
