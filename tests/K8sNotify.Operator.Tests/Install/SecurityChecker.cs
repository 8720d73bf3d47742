using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>
/// The security checks every object we ship or generate must pass: Pod Security Standards "restricted" plus a
/// read-only root filesystem, resource requests, no secret values in env literals or ConfigMaps, and RBAC rules
/// without wildcards and exactly as documented. Each violation names the object and the field.
/// </summary>
internal sealed partial class SecurityChecker(RbacRuleTable rbac)
{
    /// <summary>Env vars whose names carry a marker word but whose literal values are references (a Secret's name, a key inside it, a file path), not secrets.</summary>
    public static readonly IReadOnlySet<string> ReferenceEnvNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "Dispatcher__NatsCredentialsSecret",
        "Dispatcher__NatsCredentialsKey",
        "Dispatcher__RedisPasswordSecret",
        "Dispatcher__RedisPasswordKey",

        // The directory the Secrets are mounted under, a path.
        K8sNotify.Api.Contract.DispatcherEnvironment.SecretsDirectory,
    };

    private static readonly string[] PodKinds = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"];

    // PSS restricted: only these volume types.
    private static readonly string[] AllowedVolumeSources =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    private static readonly string[] RoleKinds = ["Role", "ClusterRole"];

    /// <summary>All violations in a set of objects; empty when everything passes.</summary>
    public IReadOnlyList<string> Check(IEnumerable<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var obj in objects)
        {
            var kind = Text(obj["kind"]) ?? "";
            var ns = Text(obj["metadata"]?["namespace"]);
            var where = $"{kind} {(ns is null ? "" : ns + "/")}{Text(obj["metadata"]?["name"])}";
            if (PodSpecOf(obj, kind) is var (pod, path) && pod is not null)
            {
                CheckPod(pod, $"{where}: {path}", violations);
            }

            if (kind == "ConfigMap")
            {
                CheckConfigMap(obj, where, violations);
            }

            if (RoleKinds.Contains(kind))
            {
                CheckRole(obj, kind, where, violations);
            }
        }

        return violations;
    }

    /// <summary>Every (apiGroup, resource, verb) granted by the Roles and ClusterRoles of a set of objects.</summary>
    public static IReadOnlySet<RbacGrant> Grants(IEnumerable<JsonObject> objects) =>
        objects.Where(o => RoleKinds.Contains(Text(o["kind"])))
            .SelectMany(o => Array(o["rules"]))
            .SelectMany(Expand)
            .ToHashSet();

    /// <summary>The grants of a list of rules (the chart's files/rbac/*.yaml).</summary>
    public static IEnumerable<RbacGrant> Expand(JsonNode? rule) =>
        from g in Strings(rule?["apiGroups"])
        from r in Strings(rule?["resources"])
        from v in Strings(rule?["verbs"])
        select new RbacGrant(g, r, v);

    private static (JsonObject? Pod, string Path) PodSpecOf(JsonObject obj, string kind) => kind switch
    {
        "Pod" => (obj["spec"] as JsonObject, "spec"),
        "CronJob" => (obj["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"] as JsonObject, "spec.jobTemplate.spec.template.spec"),
        _ when PodKinds.Contains(kind) => (obj["spec"]?["template"]?["spec"] as JsonObject, "spec.template.spec"),
        _ => (null, ""),
    };

    private static void CheckPod(JsonObject pod, string where, List<string> violations)
    {
        foreach (var hostField in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            if (pod[hostField] is JsonValue v && v.GetValue<bool>())
            {
                violations.Add($"{where}.{hostField}: must not be true");
            }
        }

        var podContext = pod["securityContext"] as JsonObject;
        if (Integer(podContext?["runAsUser"]) == 0)
        {
            violations.Add($"{where}.securityContext.runAsUser: must not be 0 (root)");
        }

        foreach (var (volume, i) in Array(pod["volumes"]).Select((v, i) => (v, i)))
        {
            var source = volume?.AsObject().Select(p => p.Key).FirstOrDefault(k => k != "name");
            if (source is not null && !AllowedVolumeSources.Contains(source))
            {
                violations.Add($"{where}.volumes[{i}] ({Text(volume?["name"])}): volume type '{source}' is not allowed by the restricted policy");
            }
        }

        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            foreach (var container in Array(pod[list]).OfType<JsonObject>())
            {
                CheckContainer(container, podContext, $"{where}.{list}[{Text(container["name"])}]", list == "containers" || list == "initContainers", violations);
            }
        }
    }

    private static void CheckContainer(JsonObject container, JsonObject? podContext, string where, bool needsRequests, List<string> violations)
    {
        var context = container["securityContext"] as JsonObject;
        if ((Bool(context?["runAsNonRoot"]) ?? Bool(podContext?["runAsNonRoot"])) != true)
        {
            violations.Add($"{where}.securityContext.runAsNonRoot: must be true (here or in the pod securityContext)");
        }

        if (Integer(context?["runAsUser"]) == 0)
        {
            violations.Add($"{where}.securityContext.runAsUser: must not be 0 (root)");
        }

        if (Bool(context?["privileged"]) == true)
        {
            violations.Add($"{where}.securityContext.privileged: must not be true");
        }

        if (Bool(context?["allowPrivilegeEscalation"]) != false)
        {
            violations.Add($"{where}.securityContext.allowPrivilegeEscalation: must be false");
        }

        if (!Strings(context?["capabilities"]?["drop"]).Contains("ALL"))
        {
            violations.Add($"{where}.securityContext.capabilities.drop: must contain ALL");
        }

        foreach (var added in Strings(context?["capabilities"]?["add"]).Where(c => c != "NET_BIND_SERVICE"))
        {
            violations.Add($"{where}.securityContext.capabilities.add: '{added}' is not allowed (only NET_BIND_SERVICE)");
        }

        var seccomp = Text(context?["seccompProfile"]?["type"]) ?? Text(podContext?["seccompProfile"]?["type"]);
        if (seccomp is not ("RuntimeDefault" or "Localhost"))
        {
            violations.Add($"{where}.securityContext.seccompProfile.type: must be RuntimeDefault (here or in the pod securityContext), was '{seccomp ?? "unset"}'");
        }

        if (Bool(context?["readOnlyRootFilesystem"]) != true)
        {
            violations.Add($"{where}.securityContext.readOnlyRootFilesystem: must be true");
        }

        if (needsRequests)
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (container["resources"]?["requests"]?[resource] is null)
                {
                    violations.Add($"{where}.resources.requests.{resource}: must be set");
                }
            }
        }

        foreach (var env in Array(container["env"]).OfType<JsonObject>())
        {
            var name = Text(env["name"]) ?? "";
            if (Text(env["value"]) is not { Length: > 0 } value)
            {
                continue;
            }

            if (SecretLikeName().IsMatch(name) && !ReferenceEnvNames.Contains(name))
            {
                violations.Add($"{where}.env[{name}].value: a literal value for a secret-looking variable; use valueFrom.secretKeyRef or a mounted Secret");
            }
            else if (SecretLikeValue(value) is { } why)
            {
                violations.Add($"{where}.env[{name}].value: {why}");
            }
        }
    }

    private static void CheckConfigMap(JsonObject configMap, string where, List<string> violations)
    {
        foreach (var field in new[] { "data", "binaryData" })
        {
            foreach (var (key, value) in configMap[field] as JsonObject ?? [])
            {
                if (SecretLikeName().IsMatch(key) || SecretFileName().IsMatch(key))
                {
                    violations.Add($"{where}: {field}.{key}: the key looks like a secret; put it in a Secret");
                }

                if (Text(value) is { } text && SecretLikeValue(text) is { } why)
                {
                    violations.Add($"{where}: {field}.{key}: {why}");
                }
            }
        }
    }

    private void CheckRole(JsonObject role, string kind, string where, List<string> violations)
    {
        foreach (var (rule, i) in Array(role["rules"]).Select((r, i) => (r, i)))
        {
            foreach (var field in new[] { "apiGroups", "resources", "verbs" })
            {
                if (Strings(rule?[field]).Any(s => s.Contains('*', StringComparison.Ordinal)))
                {
                    violations.Add($"{where}: rules[{i}].{field}: wildcards are not allowed");
                }
            }

            if (rule?["nonResourceURLs"] is not null)
            {
                violations.Add($"{where}: rules[{i}].nonResourceURLs: not documented in docs/rbac.md");
            }

            if (Strings(rule?["resourceNames"]).Length > 0)
            {
                violations.Add($"{where}: rules[{i}].resourceNames: not documented in docs/rbac.md");
            }

            foreach (var grant in Expand(rule))
            {
                if (!rbac.Scopes.TryGetValue(grant, out var scope))
                {
                    violations.Add($"{where}: rules[{i}]: {grant} is not in docs/rbac.md");
                }
                else if (kind == "ClusterRole" && scope == RbacRuleTable.OperatorNamespace)
                {
                    violations.Add($"{where}: rules[{i}]: {grant} is documented for the operator namespace only, not cluster-wide");
                }
                else if (kind == "Role" && scope == RbacRuleTable.Cluster)
                {
                    violations.Add($"{where}: rules[{i}]: {grant} is cluster-scoped and cannot be granted by a Role");
                }
            }
        }
    }

    /// <summary>Why a literal value looks like a secret, or null.</summary>
    internal static string? SecretLikeValue(string value)
    {
        if (PrivateKeyPem().IsMatch(value))
        {
            return "contains a PEM private key";
        }

        if (UrlWithPassword().IsMatch(value))
        {
            return "contains a URL with a password (user:password@host)";
        }

        if (PasswordAssignment().IsMatch(value))
        {
            return "contains a password/token assignment";
        }

        return null;
    }

    private static JsonArray Array(JsonNode? node) => node as JsonArray ?? [];

    private static string[] Strings(JsonNode? node) => [.. Array(node).Select(Text).OfType<string>()];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool? Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static long? Integer(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    [GeneratedRegex("PASSWORD|PASSWD|TOKEN|SECRET|(^|[_.-])KEY($|[_.-])|APIKEY|PRIVATE", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"\.(key|pem|p12|pfx|creds)$|^id_(rsa|ecdsa|ed25519)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretFileName();

    [GeneratedRegex("-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKeyPem();

    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://[^/\s:@]*:[^/\s@]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlWithPassword();

    // "password=...", "password: ...", "\"authToken\": \"...\"": a credential-named field with a non-empty literal value.
    [GeneratedRegex("""(?:^|[\s,;{"'])"?(password|passwd|pwd|token|authToken|apiKey|api_key|clientSecret|client_secret|privateKey|private_key)"?\s*[:=]\s*"?[^\s",;}"]""", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordAssignment();
}
