using k8s.Models;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Slo;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Builders;

/// <summary>Finds a Channel's Templates, Providers and Secrets (same namespace) through lookups, so caches and manifest folders resolve alike.</summary>
public static class ChannelResolver
{
    /// <param name="channel">The Channel to resolve.</param>
    /// <param name="template">Looks a Template up by name in the Channel's namespace.</param>
    /// <param name="provider">Looks a Provider up by name in the Channel's namespace.</param>
    /// <param name="secret">Looks a Secret up by name in the Channel's namespace.</param>
    /// <param name="operatorSecrets">Secrets every dispatcher mounts from the operator's options (NATS credentials, Redis password).</param>
    /// <param name="secretsRequired">False for render: a Secret missing from a folder of manifests is a warning, not an error.</param>
    public static Resolution Resolve(
        Channel channel,
        Func<string, Template?> template,
        Func<string, Provider?> provider,
        Func<string, V1Secret?> secret,
        IReadOnlyCollection<string> operatorSecrets,
        bool secretsRequired = true)
    {
        var problems = new List<ReferenceProblem>();
        if (SchedulingWindow.Problem(channel) is { } scheduling)
        {
            problems.Add(new(ReferenceProblem.InvalidSpec, scheduling));
        }

        problems.AddRange(PodTemplateValidator.Validate(channel.Spec.Dispatcher?.PodTemplate, "spec.dispatcher.podTemplate")
            .Select(p => new ReferenceProblem(ReferenceProblem.InvalidPodTemplate, p)));

        var templates = new List<Template>();
        foreach (var name in channel.Spec.Templates.Distinct(StringComparer.Ordinal))
        {
            if (template(name) is not { } t)
            {
                problems.Add(new(ReferenceProblem.TemplateNotFound, $"Template '{name}' not found"));
                continue;
            }

            if (t.Spec.ChannelType != channel.Spec.Type)
            {
                problems.Add(new(ReferenceProblem.TemplateTypeMismatch, $"Template '{name}' is for {Lower(t.Spec.ChannelType)}, the Channel is {Lower(channel.Spec.Type)}"));
            }

            problems.AddRange(TemplateValidator.Validate(t).Select(p => new ReferenceProblem(ReferenceProblem.TemplateInvalid, $"Template '{name}': {p.Message}")));
            templates.Add(t);
        }

        var providers = new List<Provider>();
        foreach (var name in channel.Spec.Providers.Select(p => p.Name).Distinct(StringComparer.Ordinal))
        {
            if (provider(name) is not { } p)
            {
                problems.Add(new(ReferenceProblem.ProviderNotFound, $"Provider '{name}' not found"));
                continue;
            }

            providers.Add(p);
        }

        // An SLO that cannot become rules (threshold not a histogram bucket, no error budget) is reported on its own:
        // the dispatchers do not depend on it, so only the PrometheusRule is withheld.
        var sloProblem = SloRuleGenerator.Generate(channel).Error is { } slo ? new ReferenceProblem(slo.Reason, slo.Message) : null;

        var bundle = BundleBuilder.Build(new ResolvedChannel(channel, templates, providers, new Dictionary<string, string>()));
        var secretNames = SecretReferences.SecretNames(bundle).Concat(operatorSecrets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var secretProblems = new List<ReferenceProblem>();
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in secretNames)
        {
            if (secret(name) is { } s)
            {
                versions[name] = Version(s);
            }
        }

        var keyed = SecretReferences.Of(channel).Concat(providers.SelectMany(p => SecretReferences.Of(p)));
        secretProblems.AddRange(SecretChecks.Check(keyed, secret));
        foreach (var name in secretNames.Where(n => !versions.ContainsKey(n) && !secretProblems.Any(p => p.Message.Contains($"'{n}'", StringComparison.Ordinal))))
        {
            secretProblems.Add(new(ReferenceProblem.SecretNotFound, $"Secret '{name}' not found"));
        }

        if (secretsRequired)
        {
            problems.AddRange(secretProblems);
        }

        return new Resolution
        {
            Resolved = problems.Count == 0 ? new ResolvedChannel(channel, templates, providers, versions) : null,
            Problems = problems,
            Warnings = secretsRequired ? [] : secretProblems,
            TemplateNames = [.. channel.Spec.Templates.Distinct(StringComparer.Ordinal)],
            ProviderNames = [.. channel.Spec.Providers.Select(p => p.Name).Distinct(StringComparer.Ordinal)],
            SecretNames = secretNames,
            SloProblem = sloProblem,
        };
    }

    // In a cluster the resourceVersion changes with every write. A Secret from a manifest folder has none; its
    // content must not leak into a checksum (a short hash of a weak password can be brute-forced), so it is a constant.
    private static string Version(V1Secret secret) =>
        string.IsNullOrEmpty(secret.Metadata?.ResourceVersion) ? "unversioned" : secret.Metadata.ResourceVersion;

    private static string Lower(ChannelType type) => type.ToString().ToLowerInvariant();
}
