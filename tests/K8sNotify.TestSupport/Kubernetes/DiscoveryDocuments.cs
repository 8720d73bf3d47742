using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// Legacy (unaggregated) discovery documents: <c>/version</c>, <c>/api</c>, <c>/apis</c> and one APIResourceList per
/// group version with verbs, short names, categories and the status and scale subresources. Clients that ask for
/// aggregated discovery get these as plain <c>application/json</c> and fall back, as they do with older servers.
/// </summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-k8snotify-fake",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(IEnumerable<FakeResource> resources)
    {
        var groups = new JsonArray();
        foreach (var group in resources.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var versions = new JsonArray();
            foreach (var version in group.Select(r => r.Version).Distinct().Order(StringComparer.Ordinal))
            {
                versions.Add(new JsonObject { ["groupVersion"] = $"{group.Key}/{version}", ["version"] = version });
            }

            groups.Add(new JsonObject { ["name"] = group.Key, ["versions"] = versions, ["preferredVersion"] = versions[0]!.DeepClone() });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? Group(IEnumerable<FakeResource> resources, string group)
    {
        var versions = new JsonArray();
        foreach (var version in resources.Where(r => r.Group == group).Select(r => r.Version).Distinct().Order(StringComparer.Ordinal))
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return versions.Count == 0
            ? null
            : new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1", ["name"] = group, ["versions"] = versions, ["preferredVersion"] = versions[0]!.DeepClone() };
    }

    /// <summary>The APIResourceList of one group version, or null when nothing is served there.</summary>
    public static JsonObject? ResourceList(IEnumerable<FakeResource> resources, string group, string version)
    {
        var matching = resources.Where(r => r.Group == group && r.Version == version).OrderBy(r => r.Plural, StringComparer.Ordinal).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var r in matching)
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray([.. AllVerbs.Select(v => (JsonNode)v)]),
            };
            if (r.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. r.ShortNames.Select(n => (JsonNode)n)]);
            }

            if (r.Categories.Count > 0)
            {
                entry["categories"] = new JsonArray([.. r.Categories.Select(n => (JsonNode)n)]);
            }

            list.Add(entry);
            if (r.HasStatus)
            {
                list.Add(Subresource(r, "status", r.Kind, null, null));
            }

            if (r.Scale is not null)
            {
                list.Add(Subresource(r, "scale", "Scale", "autoscaling", "v1"));
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["resources"] = list };
    }

    private static JsonObject Subresource(FakeResource r, string name, string kind, string? group, string? version)
    {
        var entry = new JsonObject
        {
            ["name"] = $"{r.Plural}/{name}",
            ["singularName"] = string.Empty,
            ["namespaced"] = r.Namespaced,
            ["kind"] = kind,
            ["verbs"] = new JsonArray("get", "patch", "update"),
        };
        if (group is not null)
        {
            entry["group"] = group;
            entry["version"] = version;
        }

        return entry;
    }
}
