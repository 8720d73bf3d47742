using k8s;
using k8s.Models;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Manifests;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Crds;
using K8sNotify.Operator.Slo;

namespace K8sNotify.Operator.Commands;

/// <summary><c>render -f DIR</c>: prints, as YAML, every object the operator would apply for a folder of manifests, with no cluster.</summary>
public static class RenderCommand
{
    public const string Name = "render";

    public const string Usage =
        "render -f DIR [-f DIR ...] [--namespace NS] [--image IMAGE] [--nats-url URL] [--nats-credentials-secret NAME] [--redis-url URL] [--redis-password-secret NAME] [--consumer-pending-metric] [--no-prometheus-operator] [--include-crds]";

    public const int Success = 0;
    public const int ChannelProblems = 1;
    public const int BadInput = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdout, stderr, SloRuleBuilder.Instance);

    /// <summary>Runs the command with the given SLO rule generator (the operator's own in production).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, ISloRuleBuilder sloRules)
    {
        var directories = new List<string>();
        var defaultNamespace = "default";
        var options = new DispatcherOptions();
        var capabilities = ClusterCapabilities.WithPrometheusOperator;
        var includeCrds = false;
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
                case "--image" when i + 1 < args.Count:
                    options.Image = args[++i];
                    break;
                case "--nats-url" when i + 1 < args.Count:
                    options.NatsUrl = args[++i];
                    break;
                case "--nats-credentials-secret" when i + 1 < args.Count:
                    options.NatsCredentialsSecret = args[++i];
                    break;
                case "--redis-url" when i + 1 < args.Count:
                    options.RedisUrl = args[++i];
                    break;
                case "--redis-password-secret" when i + 1 < args.Count:
                    options.RedisPasswordSecret = args[++i];
                    break;
                case "--consumer-pending-metric":
                    options.ConsumerPendingMetric = true;
                    break;
                case "--no-prometheus-operator":
                    capabilities = ClusterCapabilities.Core;
                    break;
                case "--include-crds":
                    includeCrds = true;
                    break;
                case "-h" or "--help":
                    stdout.WriteLine("usage: k8snotify-operator " + Usage);
                    return Success;
                default:
                    stderr.WriteLine($"render: unknown or incomplete argument '{args[i]}'");
                    stderr.WriteLine("usage: k8snotify-operator " + Usage);
                    return BadInput;
            }
        }

        if (directories.Count == 0)
        {
            stderr.WriteLine("render: -f DIR is required");
            stderr.WriteLine("usage: k8snotify-operator " + Usage);
            return BadInput;
        }

        var set = new ManifestSet();
        try
        {
            foreach (var dir in directories)
            {
                var read = ManifestReader.ReadDirectory(dir, defaultNamespace);
                set.Channels.AddRange(read.Channels);
                set.Templates.AddRange(read.Templates);
                set.Providers.AddRange(read.Providers);
                set.Secrets.AddRange(read.Secrets);
                set.Ignored.AddRange(read.Ignored);
            }
        }
        catch (ManifestException e)
        {
            stderr.WriteLine($"render: {e.Message}");
            return BadInput;
        }

        if (includeCrds)
        {
            foreach (var crd in CrdGenerator.GenerateAll())
            {
                stdout.Write("---\n" + ManifestWriter.Serialize(crd));
            }
        }

        var documents = Render(set, options, capabilities, sloRules, out var problems, out var warnings);
        stdout.Write(documents);
        foreach (var warning in warnings)
        {
            stderr.WriteLine("warning: " + warning);
        }

        foreach (var problem in problems)
        {
            stderr.WriteLine("error: " + problem);
        }

        return problems.Count > 0 ? ChannelProblems : Success;
    }

    /// <summary>The YAML stream for a manifest set, Channels in namespace/name order, with a comment naming each Channel's stream.</summary>
    public static string Render(
        ManifestSet set,
        DispatcherOptions options,
        ClusterCapabilities capabilities,
        ISloRuleBuilder sloRules,
        out IReadOnlyList<string> problems,
        out IReadOnlyList<string> warnings)
    {
        var errors = new List<string>();
        var notes = new List<string>();
        var output = new System.Text.StringBuilder();
        var operatorSecrets = OperatorSecrets(options);
        foreach (var channel in set.Channels
            .OrderBy(c => c.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(c => c.Metadata.Name, StringComparer.Ordinal))
        {
            var ns = channel.Metadata.NamespaceProperty;
            var where = $"Channel {ns}/{channel.Metadata.Name}";
            var resolution = ChannelResolver.Resolve(
                channel,
                name => Find(set.Templates, ns, name),
                name => Find(set.Providers, ns, name),
                name => Find(set.Secrets, ns, name),
                operatorSecrets,
                secretsRequired: false);
            notes.AddRange(resolution.Warnings.Select(w => $"{where}: {w.Message} (the dispatcher pods will not start until it exists)"));
            if (resolution.SloProblem is { } slo)
            {
                // The operator would still deploy the dispatchers, so they are printed; the rules are not.
                errors.Add($"{where}: {slo.Reason}: {slo.Message} (no PrometheusRule)");
            }

            if (resolution.Resolved is not { } resolved)
            {
                errors.AddRange(resolution.Problems.Select(p => $"{where}: {p.Reason}: {p.Message}"));
                continue;
            }

            var children = ChildSetBuilder.Build(resolved, options, capabilities, sloRules);
            var stream = ChannelJetStream.Stream(channel);
            output.Append("# ").Append(where).Append(": JetStream stream ").Append(stream.Name)
                .Append(" on ").Append(string.Join(", ", stream.Subjects ?? [])).Append(", durable consumer ").Append(NatsNames.ConsumerName)
                .Append(", dead letters in ").Append(NatsNames.DeadLetterStreamName(channel)).Append('\n');
            foreach (var child in children.All())
            {
                output.Append("---\n").Append(ManifestWriter.Serialize(child));
            }
        }

        notes.AddRange(set.Ignored.Select(i => $"ignored {i}"));
        problems = errors;
        warnings = notes;
        return output.ToString();
    }

    /// <summary>The Secrets the operator's options make every dispatcher mount.</summary>
    public static IReadOnlyCollection<string> OperatorSecrets(DispatcherOptions options) =>
        new[] { options.NatsCredentialsSecret, options.RedisPasswordSecret }
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .ToArray();

    private static T? Find<T>(IEnumerable<T> items, string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        items.LastOrDefault(i => i.Metadata.Name == name && i.Metadata.NamespaceProperty == ns);
}
