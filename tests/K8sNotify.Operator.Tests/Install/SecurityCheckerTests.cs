using System.Text.Json.Nodes;
using K8sNotify.Api.Manifests;

namespace K8sNotify.Operator.Tests.Install;

public sealed class SecurityCheckerTests
{
    private const string Table = """
        ## Rules

        | Scope | API group | Resources | Verbs | Why |
        |---|---|---|---|---|
        | watched namespaces | `apps` | `deployments` | `get`, `patch` | test |
        | cluster | `apiextensions.k8s.io` | `customresourcedefinitions` | `get` | test |
        | operator namespace | `coordination.k8s.io` | `leases` | `get` | test |
        """;

    private const string GoodDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
              volumes: [{name: tmp, emptyDir: {}}]
              containers:
              - name: app
                image: app:1
                env:
                - {name: K8SNOTIFY_NATS, value: "nats://nats:4222"}
                - {name: K8SNOTIFY_REDIS_PASSWORD, valueFrom: {secretKeyRef: {name: redis, key: password}}}
                - {name: Dispatcher__RedisPasswordSecret, value: redis-auth}
                resources: {requests: {cpu: 10m, memory: 64Mi}}
                securityContext:
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
                  capabilities: {drop: [ALL]}
        """;

    private readonly SecurityChecker _checker = new(RbacRuleTable.Parse(Table));

    [Fact]
    public void Check_HardenedDeployment_HasNoViolations()
    {
        Assert.Empty(_checker.Check(Parse(GoodDeployment)));
    }

    [Theory]
    [InlineData("runAsNonRoot: true", "runAsNonRoot: false", "Deployment shop/web: spec.template.spec.containers[app].securityContext.runAsNonRoot")]
    [InlineData("runAsUser: 65532", "runAsUser: 0", "Deployment shop/web: spec.template.spec.securityContext.runAsUser")]
    [InlineData("type: RuntimeDefault", "type: Unconfined", "containers[app].securityContext.seccompProfile.type")]
    [InlineData("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", "containers[app].securityContext.allowPrivilegeEscalation")]
    [InlineData("drop: [ALL]", "drop: [NET_RAW]", "containers[app].securityContext.capabilities.drop")]
    [InlineData("capabilities: {drop: [ALL]}", "capabilities: {drop: [ALL], add: [SYS_ADMIN]}", "containers[app].securityContext.capabilities.add: 'SYS_ADMIN'")]
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "containers[app].securityContext.readOnlyRootFilesystem")]
    [InlineData("requests: {cpu: 10m, memory: 64Mi}", "requests: {cpu: 10m}", "containers[app].resources.requests.memory")]
    [InlineData("emptyDir: {}", "hostPath: {path: /var}", "spec.template.spec.volumes[0] (tmp): volume type 'hostPath'")]
    [InlineData("{name: Dispatcher__RedisPasswordSecret, value: redis-auth}", "{name: API_TOKEN, value: abc}", "containers[app].env[API_TOKEN].value: a literal value")]
    [InlineData("nats://nats:4222", "nats://app:hunter2@nats:4222", "containers[app].env[K8SNOTIFY_NATS].value: contains a URL with a password")]
    public void Check_WeakenedDeployment_NamesObjectAndField(string from, string to, string expected)
    {
        var violations = _checker.Check(Parse(GoodDeployment.Replace(from, to, StringComparison.Ordinal)));

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_CronJobWithoutSecurityContext_ReportsItsNestedPodSpec()
    {
        var objects = Parse("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: cleanup, namespace: ops}
            spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: job, image: busybox}]}}}}}
            """);

        var violations = _checker.Check(objects);

        Assert.Contains("CronJob ops/cleanup: spec.jobTemplate.spec.template.spec.containers[job].securityContext.runAsNonRoot: must be true (here or in the pod securityContext)", violations);
        Assert.Contains(violations, v => v.Contains("containers[job].resources.requests.cpu", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("smtp-password: x", "data.smtp-password: the key looks like a secret")]
    [InlineData("tls.key: x", "data.tls.key: the key looks like a secret")]
    [InlineData("bundle.json: '{\"password\": \"hunter2\"}'", "data.bundle.json: contains a password/token assignment")]
    [InlineData("app.conf: 'redis=redis://default:hunter2@redis:6379'", "data.app.conf: contains a URL with a password")]
    [InlineData("key.txt: \"-----BEGIN RSA PRIVATE KEY-----\\nMII\"", "data.key.txt: contains a PEM private key")]
    public void Check_ConfigMapWithSecret_IsReported(string data, string expected)
    {
        var violations = _checker.Check(Parse($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cfg, namespace: shop}}\ndata:\n  {data}\n"));

        Assert.Contains(violations, v => v.StartsWith("ConfigMap shop/cfg: " + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ConfigMapReferencingSecrets_IsAccepted()
    {
        var violations = _checker.Check(Parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: bundle, namespace: shop}
            data:
              bundle.json: '{"smtp": {"passwordSecretRef": {"name": "smtp", "key": "password"}}, "url": "https://hooks.example.com/x"}'
            """));

        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("ClusterRole", "[apps]", "[deployments]", "[get, patch]", null)]
    [InlineData("ClusterRole", "['*']", "[deployments]", "[get]", "rules[0].apiGroups: wildcards are not allowed")]
    [InlineData("ClusterRole", "[apps]", "['*']", "[get]", "rules[0].resources: wildcards are not allowed")]
    [InlineData("ClusterRole", "[apps]", "[deployments]", "['*']", "rules[0].verbs: wildcards are not allowed")]
    [InlineData("ClusterRole", "[apps]", "[deployments]", "[get, delete]", "rules[0]: apps/deployments:delete is not in docs/rbac.md")]
    [InlineData("ClusterRole", "[coordination.k8s.io]", "[leases]", "[get]", "documented for the operator namespace only")]
    [InlineData("Role", "[apiextensions.k8s.io]", "[customresourcedefinitions]", "[get]", "cannot be granted by a Role")]
    [InlineData("Role", "[coordination.k8s.io]", "[leases]", "[get]", null)]
    public void Check_RoleRules_AreComparedWithTheTable(string kind, string groups, string resources, string verbs, string? expected)
    {
        var violations = _checker.Check(Parse($"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata: {{name: op}}\nrules:\n- {{apiGroups: {groups}, resources: {resources}, verbs: {verbs}}}\n"));

        if (expected is null)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Contains(violations, v => v.StartsWith($"{kind} op: ", StringComparison.Ordinal) && v.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Parse_TableWithDuplicateGrant_Throws()
    {
        var duplicated = Table + "\n| cluster | `apps` | `deployments` | `get` | again |\n";

        var error = Assert.Throws<FormatException>(() => RbacRuleTable.Parse(duplicated));

        Assert.Contains("apps/deployments get is listed twice", error.Message, StringComparison.Ordinal);
    }

    private static List<JsonObject> Parse(string yaml) => [.. YamlJson.ParseDocuments(yaml).Cast<JsonObject>()];
}
