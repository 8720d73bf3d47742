using System.Text.RegularExpressions;

namespace K8sNotify.TestSupport.Metrics;

/// <summary>One label matcher of a selector (<c>=</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>) with its unescaped value.</summary>
public sealed record PromQlMatcher(string Label, string Operator, string Value)
{
    /// <summary>Whether a label value satisfies the matcher; regexes are fully anchored, as in Prometheus.</summary>
    public bool Matches(string? labelValue)
    {
        var value = labelValue ?? "";
        return Operator switch
        {
            "=" => value == Value,
            "!=" => value != Value,
            "=~" => Regex.IsMatch(value, $"^(?:{Value})$", RegexOptions.None, TimeSpan.FromSeconds(1)),
            "!~" => !Regex.IsMatch(value, $"^(?:{Value})$", RegexOptions.None, TimeSpan.FromSeconds(1)),
            _ => throw new InvalidOperationException($"unknown matcher operator {Operator}"),
        };
    }
}
