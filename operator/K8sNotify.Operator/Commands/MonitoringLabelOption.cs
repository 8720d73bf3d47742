using System.CommandLine;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Commands;

/// <summary>The repeatable <c>--monitoring-label KEY=VALUE</c> option of <c>run</c> and <c>render</c>.</summary>
internal static class MonitoringLabelOption
{
    public const string Name = "--monitoring-label";

    public static Option<string[]> Create()
    {
        var option = new Option<string[]>(Name)
        {
            Description = "A label for every ServiceMonitor and PrometheusRule, e.g. release=kube-prometheus-stack (repeatable).",
            HelpName = "KEY=VALUE",
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (MonitoringLabels.Parse(token.Value, out var error) is null)
                {
                    result.AddError($"{Name}: {error}");
                }
            }
        });
        return option;
    }

    /// <summary>The parsed labels; a later value of a key replaces an earlier one.</summary>
    public static Dictionary<string, string> Labels(IEnumerable<string>? values)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            if (MonitoringLabels.Parse(value, out _) is { } label)
            {
                labels[label.Key] = label.Value;
            }
        }

        return labels;
    }
}
