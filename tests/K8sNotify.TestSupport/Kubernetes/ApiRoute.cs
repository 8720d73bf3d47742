namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>A resource URL taken apart: <c>/api/v1/...</c> (core) or <c>/apis/{group}/{version}/...</c>, optionally namespaced.</summary>
internal sealed record ApiRoute(string Group, string Version, string Plural, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>The route of a resource path, or null for discovery and other non-resource paths.</summary>
    public static ApiRoute? Parse(string[] s)
    {
        string group, version;
        int rest;
        if (s.Length >= 3 && s[0] == "api")
        {
            (group, version, rest) = (string.Empty, s[1], 2);
        }
        else if (s.Length >= 4 && s[0] == "apis")
        {
            (group, version, rest) = (s[1], s[2], 3);
        }
        else
        {
            return null;
        }

        var r = s[rest..];
        if (r.Length >= 3 && r[0] == "namespaces")
        {
            return new ApiRoute(group, version, r[2], r[1], r.Length > 3 ? r[3] : null, r.Length > 4 ? r[4] : null);
        }

        return new ApiRoute(group, version, r[0], null, r.Length > 1 ? r[1] : null, r.Length > 2 ? r[2] : null);
    }
}
