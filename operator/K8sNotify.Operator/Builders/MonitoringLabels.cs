using System.Text.RegularExpressions;
using k8s.Models;

namespace K8sNotify.Operator.Builders;

/// <summary>
/// Extra labels for the ServiceMonitors and PrometheusRules the operator creates (e.g. <c>release=kube-prometheus-stack</c>,
/// the label a kube-prometheus-stack Prometheus selects them by). The operator's own labels win over them.
/// </summary>
public static partial class MonitoringLabels
{
    /// <summary>Parses <c>KEY=VALUE</c>; null with an error message when the text is not a valid Kubernetes label.</summary>
    public static KeyValuePair<string, string>? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            error = $"'{text}' is not KEY=VALUE";
            return null;
        }

        var label = new KeyValuePair<string, string>(text[..eq], text[(eq + 1)..]);
        error = Problem(label.Key, label.Value);
        return error is null ? label : null;
    }

    /// <summary>Why a label is invalid (Kubernetes label syntax), or null.</summary>
    public static string? Problem(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var slash = key.LastIndexOf('/');
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (prefix is not null && (prefix.Length > 253 || !PrefixPattern().IsMatch(prefix)))
        {
            return $"label key '{key}': the prefix must be a DNS subdomain";
        }

        if (name.Length > 63 || !NamePattern().IsMatch(name))
        {
            return $"label key '{key}': the name must be 1-63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit";
        }

        return value.Length > 63 || (value.Length > 0 && !NamePattern().IsMatch(value))
            ? $"label '{key}': the value '{value}' must be at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit"
            : null;
    }

    /// <summary>Adds <paramref name="labels"/> to the metadata's labels, keeping the operator's own where both set a key.</summary>
    public static V1ObjectMeta Apply(V1ObjectMeta metadata, IDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            return metadata;
        }

        var merged = new Dictionary<string, string>(metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            merged.TryAdd(key, value);
        }

        metadata.Labels = merged;
        return metadata;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();
}
