using System.Text;
using System.Text.RegularExpressions;

namespace K8sNotify.TestSupport.Metrics;

/// <summary>
/// Extracts the series selectors (<c>name{matchers}</c>) from PromQL we write ourselves (generated rules, dashboards).
/// A tokenizer, not a full parser: every selector must carry braces, which our expressions always do.
/// </summary>
public static partial class PromQlSelectors
{
    [GeneratedRegex(@"(?<![\w:])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{((?:[^{}""]|""(?:[^""\\]|\\.)*"")*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Matcher();

    /// <summary>Every selector in an expression, in order of appearance.</summary>
    public static IReadOnlyList<PromQlSelector> Extract(string expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return
        [
            .. Selector().Matches(expr).Select(m => new PromQlSelector(
                m.Groups[1].Value,
                [.. Matcher().Matches(m.Groups[2].Value).Select(x => new PromQlMatcher(x.Groups[1].Value, x.Groups[2].Value, Unescape(x.Groups[3].Value)))])),
        ];
    }

    /// <summary>
    /// Problems with a selector against a scrape: the metric is missing, a matched label is never exported, or no
    /// exported value satisfies a matcher. Empty when some scraped series carries every label the selector needs.
    /// </summary>
    public static IReadOnlyList<string> Check(PromQlSelector selector, IReadOnlyCollection<MetricSample> scrape, IReadOnlySet<string>? ignoreValuesOf = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(scrape);
        var series = scrape.Where(s => s.Name == selector.Metric).ToList();
        if (series.Count == 0)
        {
            return [$"{selector.Metric}: no such series in the scrape"];
        }

        var problems = new List<string>();
        foreach (var matcher in selector.Matchers)
        {
            if (!series.Any(s => s.Labels.ContainsKey(matcher.Label)))
            {
                problems.Add($"{selector.Metric}: label {matcher.Label} is never exported (exported: {string.Join(", ", series.SelectMany(s => s.Labels.Keys).Distinct())})");
            }
            else if (ignoreValuesOf?.Contains(matcher.Label) != true && !series.Any(s => matcher.Matches(s.Labels.GetValueOrDefault(matcher.Label))))
            {
                problems.Add($"{selector.Metric}: no exported {matcher.Label} value matches {matcher.Operator}\"{matcher.Value}\" "
                    + $"(exported: {string.Join(", ", series.Select(s => s.Labels.GetValueOrDefault(matcher.Label)).Distinct())})");
            }
        }

        return problems;
    }

    private static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                sb.Append(value[i] switch { 'n' => '\n', 't' => '\t', var c => c });
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }
}
