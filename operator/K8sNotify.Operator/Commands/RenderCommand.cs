using System.CommandLine;
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

    public const int Success = 0;
    public const int ChannelProblems = 1;
    public const int BadInput = CommandInvoker.BadInput;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdout, stderr, SloRuleBuilder.Instance);

    /// <summary>Runs the command with the given SLO rule generator (the operator's own in production).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, ISloRuleBuilder sloRules) =>
        CommandInvoker.Invoke(Create(sloRules), args, stdout, stderr);

    /// <summary>The <c>render</c> command, rendering with <paramref name="sloRules"/>.</summary>
    public static Command Create(ISloRuleBuilder sloRules)
    {
        var filenames = new Option<string[]>("--filename", "-f")
        {
            Description = "A folder of Channel, Template, Provider and Secret manifests (repeatable).",
            HelpName = "DIR",
            Required = true,
        };
        var ns = new Option<string>("--namespace", "-n")
        {
            Description = "Namespace of manifests that set none.",
            HelpName = "NS",
            DefaultValueFactory = _ => "default",
        };
        var image = new Option<string?>("--image") { Description = "The dispatcher image.", HelpName = "IMAGE" };
        var natsUrl = new Option<string?>("--nats-url") { Description = "NATS URL the dispatchers connect to.", HelpName = "URL" };
        var natsCredentials = new Option<string?>("--nats-credentials-secret") { Description = "Secret holding the NATS credentials file.", HelpName = "NAME" };
        var redisUrl = new Option<string?>("--redis-url") { Description = "Redis for shared rate limits.", HelpName = "URL" };
        var redisPassword = new Option<string?>("--redis-password-secret") { Description = "Secret holding the Redis password.", HelpName = "NAME" };
        var pendingMetric = new Option<bool>("--consumer-pending-metric") { Description = "Scale on k8snotify_consumer_pending (needs a metrics adapter)." };
        var noPrometheusOperator = new Option<bool>("--no-prometheus-operator") { Description = "Render for a cluster without the Prometheus Operator (no ServiceMonitor, no PrometheusRule)." };
        var includeCrds = new Option<bool>("--include-crds") { Description = "Print the CRDs first." };
        var monitoringLabels = MonitoringLabelOption.Create();
        var defaults = DispatcherDefaultsOption.Create();
        var command = new Command(Name, "Print every object the operator would apply for a folder of manifests, without a cluster.")
        {
            filenames, ns, image, natsUrl, natsCredentials, redisUrl, redisPassword, pendingMetric, noPrometheusOperator, includeCrds, monitoringLabels, defaults,
        };
        command.SetAction(parsed =>
        {
            var options = new DispatcherDeploymentOptions
            {
                NatsCredentialsSecret = parsed.GetValue(natsCredentials),
                RedisUrl = parsed.GetValue(redisUrl),
                RedisPasswordSecret = parsed.GetValue(redisPassword),
                ConsumerPendingMetric = parsed.GetValue(pendingMetric),
                MonitoringLabels = MonitoringLabelOption.Labels(parsed.GetValue(monitoringLabels)),
            };
            options.Image = parsed.GetValue(image) ?? options.Image;
            options.NatsUrl = parsed.GetValue(natsUrl) ?? options.NatsUrl;
            if (parsed.GetValue(defaults) is { Length: > 0 } file)
            {
                try
                {
                    options.Defaults = DispatcherDefaults.Load(file);
                }
                catch (InvalidDataException e)
                {
                    parsed.InvocationConfiguration.Error.WriteLine($"render: {e.Message}");
                    return BadInput;
                }
            }

            var capabilities = parsed.GetValue(noPrometheusOperator) ? ClusterCapabilities.Core : ClusterCapabilities.WithPrometheusOperator;
            return Execute(
                parsed.GetRequiredValue(filenames),
                parsed.GetRequiredValue(ns),
                options,
                capabilities,
                parsed.GetValue(includeCrds),
                sloRules,
                parsed.InvocationConfiguration.Output,
                parsed.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Execute(
        IReadOnlyList<string> directories,
        string defaultNamespace,
        DispatcherDeploymentOptions options,
        ClusterCapabilities capabilities,
        bool includeCrds,
        ISloRuleBuilder sloRules,
        TextWriter stdout,
        TextWriter stderr)
    {
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
        DispatcherDeploymentOptions options,
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
    public static IReadOnlyCollection<string> OperatorSecrets(DispatcherDeploymentOptions options) =>
        new[] { options.NatsCredentialsSecret, options.RedisPasswordSecret }
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .ToArray();

    private static T? Find<T>(IEnumerable<T> items, string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        items.LastOrDefault(i => i.Metadata.Name == name && i.Metadata.NamespaceProperty == ns);
}
