using System.Text.RegularExpressions;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Validation;

/// <summary>
/// Checks dispatcher pod settings (a Channel's <c>spec.dispatcher.podTemplate</c> or the operator's defaults) beyond
/// the schema: label, annotation and node selector syntax, and env names. A name with the <c>K8SNOTIFY_</c> prefix is
/// rejected rather than ignored: the prefix is the operator-to-dispatcher contract, and a silently dropped variable
/// would leave its author guessing.
/// </summary>
public static partial class PodTemplateValidator
{
    /// <summary>Every problem of <paramref name="template"/>, each naming its field under <paramref name="path"/>; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(DispatcherPodTemplate? template, string path)
    {
        var problems = new List<string>();
        if (template is null)
        {
            return problems;
        }

        Labels(template.Metadata?.Labels, $"{path}.metadata.labels", problems);
        Labels(template.NodeSelector, $"{path}.nodeSelector", problems);
        foreach (var key in template.Metadata?.Annotations?.Keys ?? Enumerable.Empty<string>())
        {
            if (MonitoringLabels.Problem(key, "") is { } problem)
            {
                problems.Add($"{path}.metadata.annotations: {problem.Replace("label key", "annotation key", StringComparison.Ordinal)}");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var env in template.Env ?? [])
        {
            var name = env.Name ?? "";
            if (name.StartsWith(DispatcherEnvironment.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{path}.env: '{name}' is reserved: variables starting with {DispatcherEnvironment.Prefix} are set by the operator");
            }
            else if (!EnvNamePattern().IsMatch(name))
            {
                problems.Add($"{path}.env: '{name}' is not a valid variable name (letters, digits, '_', '-' and '.', not starting with a digit)");
            }
            else if (!seen.Add(name))
            {
                problems.Add($"{path}.env: '{name}' is set twice");
            }
        }

        foreach (var secret in template.ImagePullSecrets ?? [])
        {
            if (string.IsNullOrEmpty(secret.Name))
            {
                problems.Add($"{path}.imagePullSecrets: an entry has no name");
            }
        }

        return problems;
    }

    private static void Labels(IDictionary<string, string>? labels, string path, List<string> problems)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (MonitoringLabels.Problem(key, value ?? "") is { } problem)
            {
                problems.Add($"{path}: {problem}");
            }
        }
    }

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvNamePattern();
}
