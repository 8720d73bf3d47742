using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using K8sNotify.Api.Manifests;
using K8sNotify.Operator.Crds;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>What can be checked of the Helm chart without helm: values against the schema, Chart.yaml, CRD copy, RBAC files, value references.</summary>
public sealed partial class ChartTests
{
    private static readonly string Chart = RepositoryRoot.Combine("charts", "k8snotify");

    public static TheoryData<string, string> BadValues => new()
    {
        { "unknown top-level key", "replicas: 3" },
        { "zero replicas", "replicaCount: 0" },
        { "replica count as string", "replicaCount: \"2\"" },
        { "two replicas without leader election", "leaderElection: {enabled: false}" },
        { "bad pull policy", "image: {pullPolicy: Sometimes}" },
        { "image tag with a space", "image: {tag: \"1.0 beta\"}" },
        { "digest that is not sha256", "image: {digest: \"md5:abc\"}" },
        { "http NATS URL", "nats: {url: \"http://nats:4222\"}" },
        { "NATS credentials key empty", "nats: {credentialsSecret: {name: nats-creds, key: \"\"}}" },
        { "password inside the Redis URL", "redis: {url: \"redis://:hunter2@redis:6379\"}" },
        { "Redis URL without port", "redis: {url: \"redis\"}" },
        { "Sentinel without endpoints", "redis: {sentinel: {enabled: true}}" },
        { "uppercase watched namespace", "watchNamespaces: [Shop]" },
        { "duplicate watched namespace", "watchNamespaces: [shop, shop]" },
        { "memory request removed", "resources: {requests: {memory: null}}" },
        { "bad CPU quantity", "resources: {requests: {cpu: fast, memory: 128Mi}}" },
        { "workers above 64", "operator: {workers: 100}" },
        { "duration without unit", "leaderElection: {leaseDuration: \"15\"}" },
        { "unknown log level", "operator: {logLevel: Verbose}" },
        { "privileged metrics port", "metrics: {port: 80}" },
        { "unknown key in a nested block", "metrics: {serviceMonitor: {enabled: true, scrapeInterval: 30s}}" },
        { "spread policy typo", "topologySpread: {whenUnsatisfiable: Never}" },
    };

    [Fact]
    public void ValuesYaml_ValidatesAgainstTheSchema()
    {
        var errors = Validate(DefaultValues());

        Assert.True(errors.Count == 0, "values.yaml is rejected by values.schema.json:\n" + string.Join('\n', errors));
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ValuesSchema_BadOverride_IsRejected(string why, string overrideYaml)
    {
        var values = Merge(DefaultValues(), (JsonObject)YamlJson.ParseDocuments(overrideYaml)[0]);

        Assert.True(Validate(values).Count > 0, $"values.schema.json accepts {why}: {overrideYaml}");
    }

    [Theory]
    [InlineData("watchNamespaces: [shop, billing]")]
    [InlineData("replicaCount: 1\nleaderElection: {enabled: false}")]
    [InlineData("redis: {url: \"sentinel-0.redis:26379,sentinel-1.redis:26379\", sentinel: {enabled: true, masterName: main}, passwordSecret: {name: redis-auth}, tls: {enabled: true}}")]
    [InlineData("nats: {url: \"tls://nats.nats.svc:4222\", credentialsSecret: {name: nats-creds}, tls: {enabled: true}}")]
    [InlineData("image: {digest: \"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}")]
    [InlineData("metrics: {serviceMonitor: {enabled: true, labels: {release: prometheus}}}\ndashboard: {enabled: true}")]
    public void ValuesSchema_GoodOverride_IsAccepted(string overrideYaml)
    {
        var values = Merge(DefaultValues(), (JsonObject)YamlJson.ParseDocuments(overrideYaml)[0]);

        var errors = Validate(values);

        Assert.True(errors.Count == 0, $"values.schema.json rejects {overrideYaml}:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void ValuesYaml_EveryLeafIsDocumented()
    {
        var lines = File.ReadAllLines(Path.Combine(Chart, "values.yaml"));
        var undocumented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            // A key whose value is on the same line is a leaf; it needs a "# --" comment block right above it.
            if (LeafKey().Match(lines[i]) is { Success: true } leaf && !IsDocumented(lines, i))
            {
                undocumented.Add($"values.yaml:{i + 1}: {leaf.Groups[1].Value}");
            }
        }

        Assert.True(undocumented.Count == 0, "values without a '# --' comment:\n" + string.Join('\n', undocumented));
    }

    [Fact]
    public void Templates_ReferenceOnlyValuesThatExist()
    {
        var values = DefaultValues();
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Chart, "templates")))
        {
            foreach (Match reference in ValuesReference().Matches(File.ReadAllText(file)))
            {
                JsonNode? node = values;
                foreach (var part in reference.Groups[1].Value.Split('.'))
                {
                    node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child ?? JsonValue.Create("") : null;
                }

                if (node is null)
                {
                    missing.Add($"{Path.GetFileName(file)}: .Values.{reference.Groups[1].Value}");
                }
            }
        }

        Assert.True(missing.Count == 0, "templates use values that values.yaml does not define:\n" + string.Join('\n', missing.Distinct()));
    }

    [Fact]
    public void Templates_NoCommentLineBeforeALeftTrimmingAction()
    {
        // "{{-" eats the newline before it, which would glue the next YAML line onto the comment and comment it out.
        var glued = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Chart, "templates"), "*.yaml"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i - 1].TrimStart().StartsWith('#') && lines[i].TrimStart().StartsWith("{{-", StringComparison.Ordinal))
                {
                    glued.Add($"{Path.GetFileName(file)}:{i + 1}");
                }
            }
        }

        Assert.True(glued.Count == 0, "a comment line is followed by a left-trimming action: " + string.Join(", ", glued));
    }

    [Fact]
    public void ChartYaml_HasTheFieldsHelmAndArtifactHubNeed()
    {
        var chart = (JsonObject)YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(Chart, "Chart.yaml")))[0];

        Assert.Equal("v2", Text(chart, "apiVersion"));
        Assert.Equal("k8snotify", Text(chart, "name"));
        Assert.Equal("application", Text(chart, "type"));
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", Text(chart, "version"));
        Assert.Matches(@"^\d+\.\d+\.\d+", Text(chart, "appVersion"));
        Assert.False(string.IsNullOrWhiteSpace(Text(chart, "description")));
        Assert.StartsWith(">=1.", Text(chart, "kubeVersion"), StringComparison.Ordinal);
    }

    [Fact]
    public void ChartCrds_MatchTheGeneratorByteForByte()
    {
        var committed = Path.Combine(Chart, "crds");
        var expected = GenerateCrdsCommand.RenderChartCopy();

        Assert.Equal(
            expected.Select(f => f.FileName).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(committed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (fileName, content) in expected)
        {
            Assert.True(
                File.ReadAllText(Path.Combine(committed, fileName)) == content,
                $"charts/k8snotify/crds/{fileName} differs from the generator's output; run `{GenerateCrdsCommand.RegenerateCommand}` and commit the result");
        }
    }

    [Fact]
    public void GenerateCrds_ChartOutput_WritesCrdsWithoutKustomization()
    {
        var output = Path.Combine(Path.GetTempPath(), "k8snotify-chart-crds-" + Guid.NewGuid().ToString("N"));
        var crds = Path.Combine(Path.GetTempPath(), "k8snotify-crds-" + Guid.NewGuid().ToString("N"));
        try
        {
            var exitCode = GenerateCrdsCommand.Run(["--output", crds, "--chart-output", output], TextWriter.Null, TextWriter.Null);

            Assert.Equal(0, exitCode);
            Assert.DoesNotContain("kustomization.yaml", Directory.EnumerateFiles(output).Select(Path.GetFileName));
            Assert.Equal(3, Directory.EnumerateFiles(output, "*.yaml").Count());
        }
        finally
        {
            foreach (var dir in new[] { output, crds }.Where(Directory.Exists))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void ChartRbacFiles_GrantExactlyTheDocumentedRules()
    {
        var table = RbacRuleTable.Parse(File.ReadAllText(RepositoryRoot.Combine("docs", "rbac.md")));
        var granted = new Dictionary<RbacGrant, string>();
        foreach (var (file, scope) in new[]
        {
            ("namespaced-rules.yaml", RbacRuleTable.WatchedNamespaces),
            ("leader-election-rules.yaml", RbacRuleTable.OperatorNamespace),
        })
        {
            var rules = (JsonArray)YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(Chart, "files", "rbac", file)))[0];
            foreach (var grant in rules.SelectMany(SecurityChecker.Expand))
            {
                granted[grant] = scope;
            }
        }

        Assert.Equal(
            table.Scopes.OrderBy(g => g.Key.ToString(), StringComparer.Ordinal).Select(g => $"{g.Value}: {g.Key}"),
            granted.OrderBy(g => g.Key.ToString(), StringComparer.Ordinal).Select(g => $"{g.Value}: {g.Key}"));
    }

    [Fact]
    public async Task HelmTemplate_Defaults_PassTheSecurityChecks()
    {
        Assert.SkipUnless(Helm.IsInstalled, "helm is not installed");

        await Helm.RunAsync(["lint", Chart, "--strict"], TestContext.Current.CancellationToken);
        foreach (var set in new[] { Array.Empty<string>(), ["--set", "watchNamespaces={shop,billing}", "--set", "metrics.serviceMonitor.enabled=true"] })
        {
            var yaml = await Helm.RunAsync(["template", "k8snotify", Chart, "--namespace", "k8snotify-system", .. set], TestContext.Current.CancellationToken);
            var objects = YamlJson.ParseDocuments(yaml).Cast<JsonObject>().ToList();
            var checker = new SecurityChecker(InstallSources.RbacTable());

            var violations = checker.Check(objects);

            Assert.True(violations.Count == 0, string.Join('\n', violations));
            Assert.Equal(InstallSources.RbacTable().Scopes.Keys.ToHashSet(), SecurityChecker.Grants(objects));
        }
    }

    internal static JsonObject DefaultValues() =>
        (JsonObject)YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(Chart, "values.yaml")))[0];

    [Fact]
    public async Task KustomizeInstall_RendersTheChartsObjects()
    {
        var chart = ChartObjects.KindsAndNames(Chart);
        var kustomize = (await InstallSources.KustomizeAsync(".", TestContext.Current.CancellationToken))
            .Select(o => o["kind"]!.GetValue<string>() + "/" + o["metadata"]!["name"]!.GetValue<string>())

            // The chart ships the CRDs in crds/ and leaves the namespace to `helm install --create-namespace`.
            .Where(o => !o.StartsWith("CustomResourceDefinition/", StringComparison.Ordinal) && !o.StartsWith("Namespace/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("Service/k8snotify-operator-metrics", chart);
        Assert.Contains("NetworkPolicy/k8snotify-operator", chart);
        Assert.Equal(chart, kustomize);
    }

    [Fact]
    public async Task KustomizeInstall_SpreadsOperatorPodsLikeTheChart()
    {
        var deployment = (await InstallSources.KustomizeAsync(".", TestContext.Current.CancellationToken)).Single(o => o["kind"]!.GetValue<string>() == "Deployment");
        var template = File.ReadAllText(Path.Combine(Chart, "templates", "deployment.yaml"));

        var keys = deployment["spec"]!["template"]!["spec"]!["topologySpreadConstraints"]!.AsArray()
            .Select(c => c!["topologyKey"]!.GetValue<string>())
            .ToList();
        Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], keys);
        Assert.All(keys, key => Assert.Contains("topologyKey: " + key, template, StringComparison.Ordinal));
    }

    private static List<string> Validate(JsonObject values)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(Chart, "values.schema.json")));
        using var document = JsonDocument.Parse(values.ToJsonString());
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    // Helm's merge of a -f values file: objects merge key by key, null deletes a key, everything else replaces.
    private static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject nested && target[key] is JsonObject existing)
            {
                Merge(existing, nested);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }

        return target;
    }

    // Documented by a "# --" comment block right above the key, or above one of its parent keys (e.g. resources).
    private static bool IsDocumented(string[] lines, int index)
    {
        for (var i = index - 1; i >= 0 && lines[i].TrimStart().StartsWith('#'); i--)
        {
            if (lines[i].TrimStart().StartsWith("# --", StringComparison.Ordinal))
            {
                return true;
            }
        }

        var indent = Indent(lines[index]);
        for (var i = index - 1; i >= 0; i--)
        {
            if (lines[i].Trim().Length > 0 && !lines[i].TrimStart().StartsWith('#') && Indent(lines[i]) < indent)
            {
                return IsDocumented(lines, i);
            }
        }

        return false;
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    private static string Text(JsonObject obj, string name) => obj[name]?.GetValue<string>() ?? "";

    [GeneratedRegex(@"^\s*([A-Za-z][\w-]*):\s+\S")]
    private static partial Regex LeafKey();

    [GeneratedRegex(@"\.Values\.([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)*)")]
    private static partial Regex ValuesReference();
}
