using System.CommandLine;
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

    public const string PrometheusRuleFormat = "prometheus-rule";
    public const string RuleFileFormat = "rule-file";

    public const int Success = 0;
    public const int ChannelProblems = 1;
    public const int BadInput = Commands.CommandInvoker.BadInput;

    /// <summary>Runs the command; output goes to <paramref name="stdout"/> unless <c>-o DIR</c> names a folder (one file per Channel).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        return Commands.CommandInvoker.Invoke(Create(), args, stdout, stderr);
    }

    /// <summary>The <c>slo-rules</c> command.</summary>
    public static Command Create()
    {
        var filenames = new Option<string[]>("--filename", "-f")
        {
            Description = "A folder of Channel manifests (repeatable).",
            HelpName = "DIR",
            Required = true,
        };
        var ns = new Option<string>("--namespace", "-n")
        {
            Description = "Namespace of manifests that set none.",
            HelpName = "NS",
            DefaultValueFactory = _ => "default",
        };
        var format = new Option<string>("--format")
        {
            Description = "PrometheusRule objects (for the Prometheus Operator) or a plain Prometheus rule file.",
            DefaultValueFactory = _ => PrometheusRuleFormat,
        };
        format.AcceptOnlyFromAmong(PrometheusRuleFormat, RuleFileFormat);
        var output = new Option<string?>("--output", "-o") { Description = "Write one file per Channel into this folder instead of standard output.", HelpName = "DIR" };
        var command = new Command(Name, "Print the SLO recording rules and burn-rate alerts of each Channel.") { filenames, ns, format, output };
        command.SetAction(parsed => Execute(
            parsed.GetRequiredValue(filenames),
            parsed.GetRequiredValue(ns),
            parsed.GetRequiredValue(format),
            parsed.GetValue(output),
            parsed.InvocationConfiguration.Output,
            parsed.InvocationConfiguration.Error));
        return command;
    }

    private static int Execute(
        IReadOnlyList<string> directories,
        string defaultNamespace,
        string format,
        string? outputDirectory,
        TextWriter stdout,
        TextWriter stderr)
    {
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
}
