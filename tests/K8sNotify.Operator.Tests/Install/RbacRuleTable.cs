using System.Text.RegularExpressions;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>The RBAC rules documented in docs/rbac.md, one (scope, apiGroup, resource, verb) grant per entry.</summary>
internal sealed partial class RbacRuleTable
{
    /// <summary>Rules granted in every watched namespace (a ClusterRole when all namespaces are watched).</summary>
    public const string WatchedNamespaces = "watched namespaces";

    /// <summary>Cluster-scoped rules, always in a ClusterRole.</summary>
    public const string Cluster = "cluster";

    /// <summary>Rules granted only in the operator's own namespace (a Role).</summary>
    public const string OperatorNamespace = "operator namespace";

    private RbacRuleTable(IReadOnlyDictionary<RbacGrant, string> scopes) => Scopes = scopes;

    /// <summary>Every documented grant and the scope it belongs to.</summary>
    public IReadOnlyDictionary<RbacGrant, string> Scopes { get; }

    /// <summary>Reads the table under the "## Rules" heading: | Scope | API group | Resources | Verbs | Why |.</summary>
    public static RbacRuleTable Parse(string markdown)
    {
        var scopes = new Dictionary<RbacGrant, string>();
        var inRules = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inRules = line == "## Rules";
                continue;
            }

            if (!inRules || !line.StartsWith('|') || line.StartsWith("| Scope", StringComparison.Ordinal) || line.StartsWith("|--", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 5)
            {
                throw new FormatException($"docs/rbac.md: a rules row needs 5 cells: {line}");
            }

            var scope = cells[0];
            if (scope is not (WatchedNamespaces or Cluster or OperatorNamespace))
            {
                throw new FormatException($"docs/rbac.md: unknown scope '{scope}' in: {line}");
            }

            var groups = Codes(cells[1]);
            foreach (var group in groups)
            {
                foreach (var resource in Codes(cells[2]))
                {
                    foreach (var verb in Codes(cells[3]))
                    {
                        if (!scopes.TryAdd(new RbacGrant(group == "core" ? "" : group, resource, verb), scope))
                        {
                            throw new FormatException($"docs/rbac.md: {group}/{resource} {verb} is listed twice");
                        }
                    }
                }
            }
        }

        if (scopes.Count == 0)
        {
            throw new FormatException("docs/rbac.md has no rows under '## Rules'");
        }

        return new RbacRuleTable(scopes);
    }

    // Cells list values as `code` spans; the core API group is written `core`.
    private static string[] Codes(string cell) => [.. CodeSpan().Matches(cell).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpan();
}
