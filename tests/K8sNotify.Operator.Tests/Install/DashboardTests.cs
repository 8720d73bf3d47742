using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.Observability;
using K8sNotify.Operator.Controllers;
using K8sNotify.Operator.Runtime;
using K8sNotify.Operator.Slo;
using K8sNotify.Operator.Tests.Slo;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Metrics;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>
/// The Grafana dashboard the chart ships (charts/k8snotify/dashboards): every PromQL expression of every panel and
/// variable queries only metrics of the <see cref="MetricNames"/> contract or records the SLO generator emits, with
/// labels those series carry, and parses with the real promtool.
/// </summary>
public sealed partial class DashboardTests
{
    private static readonly string Dashboards = RepositoryRoot.Combine("charts", "k8snotify", "dashboards");

    // Added by Prometheus to every series at scrape time (ServiceMonitor target labels), whatever the dispatcher exports.
    private static readonly string[] TargetLabels = ["namespace", "pod", "job", "instance", "service", "container", "endpoint"];

    public static TheoryData<string> DashboardFiles => [.. Directory.EnumerateFiles(Dashboards, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"(?<![\w:])(?:slo:)?k8snotify_[a-zA-Z0-9_:]*")]
    private static partial Regex K8sNotifyName();

    [Fact]
    public void Chart_ShipsAtLeastOneDashboard() => Assert.NotEmpty(DashboardFiles);

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Dashboard_EverySelector_IsAContractMetricOrGeneratedRecordWithItsLabels(string file)
    {
        var known = KnownSeries();
        var problems = new List<string>();
        var expressions = Expressions(Load(file));

        Assert.True(expressions.Count >= 10, $"{file}: only {expressions.Count} expressions found; the extraction is broken");
        foreach (var (where, expr) in expressions)
        {
            var selectors = PromQlSelectors.Extract(expr);
            var selected = selectors.Select(s => s.Metric).ToHashSet(StringComparer.Ordinal);

            // Every k8snotify name must be a selector with braces: a bare name would slip past the label check.
            foreach (Match name in K8sNotifyName().Matches(expr))
            {
                if (!selected.Contains(name.Value))
                {
                    problems.Add($"{where}: {name.Value} is used without a {{…}} selector");
                }
            }

            foreach (var selector in selectors)
            {
                if (!known.TryGetValue(selector.Metric, out var labels))
                {
                    problems.Add($"{where}: {selector.Metric} is neither an exported metric (MetricNames) nor a record the SLO generator emits");
                    continue;
                }

                foreach (var matcher in selector.Matchers)
                {
                    if (!labels.Contains(matcher.Label) && !TargetLabels.Contains(matcher.Label))
                    {
                        problems.Add($"{where}: {selector.Metric} has no label {matcher.Label} (it has {string.Join(", ", labels)})");
                    }

                    if (matcher.Label == MetricNames.OutcomeLabel && !matcher.Value.StartsWith('$') && !Outcomes.All.Any(matcher.Matches))
                    {
                        problems.Add($"{where}: outcome matcher \"{matcher.Value}\" matches no outcome");
                    }

                    if (matcher.Label == MetricNames.ResultLabel && !matcher.Value.StartsWith('$') && !ProviderResults.All.Any(matcher.Matches))
                    {
                        problems.Add($"{where}: result matcher \"{matcher.Value}\" matches no provider result");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Dashboard_CoversTheSloViews(string file)
    {
        var all = string.Join('\n', Expressions(Load(file)).Select(e => e.Expr));

        Assert.Contains(OperatorMetrics.Leader + "{", all, StringComparison.Ordinal);
        Assert.Contains(OperatorMetrics.ReconcileTotal + "{", all, StringComparison.Ordinal);
        Assert.Contains(ConditionMetrics.ResourceCondition + "{", all, StringComparison.Ordinal);
        Assert.Contains(MetricNames.ConsumerOldestPendingAgeSeconds + "{", all, StringComparison.Ordinal);
        Assert.Contains("histogram_quantile(", all, StringComparison.Ordinal);
        Assert.Contains(MetricNames.ProviderCircuitState + "{", all, StringComparison.Ordinal);
        Assert.Contains(MetricNames.ConsumerPending + "{", all, StringComparison.Ordinal);
        Assert.Contains($"outcome=\"{Outcomes.DeadLettered}\"", all, StringComparison.Ordinal);
        foreach (var sli in new[] { SloNames.Availability, SloNames.Latency })
        {
            Assert.Contains(SloNames.ErrorBudgetRemaining(sli) + "{", all, StringComparison.Ordinal);
            foreach (var window in new[] { "5m", "30m", "1h", "2h", "6h", "1d", "3d" })
            {
                Assert.Contains(SloNames.ErrorRatio(sli, K8sNotify.Api.Conventions.Durations.Parse(window)) + "{", all, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Dashboard_IsTemplatedByDatasourceNamespaceAndChannel(string file)
    {
        var dashboard = Load(file);
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => (string)v!["name"]!).ToList();

        Assert.Equal(["datasource", "namespace", "channel"], variables);
        Assert.False(string.IsNullOrEmpty((string?)dashboard["uid"]), "the dashboard needs a stable uid");
        var panels = Panels(dashboard).Where(p => (string?)p["type"] != "row").ToList();
        Assert.NotEmpty(panels);
        Assert.All(panels, p =>
        {
            Assert.Equal("${datasource}", (string?)p["datasource"]?["uid"]);
            Assert.All(p["targets"]!.AsArray(), t => Assert.Equal("${datasource}", (string?)t!["datasource"]?["uid"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)p["description"]), $"panel '{p["title"]}' has no description");
        });
        var ids = panels.Select(p => (int)p["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public async Task Dashboard_Expressions_PassPromtoolCheckRules(string file)
    {
        var expressions = Expressions(Load(file));
        var yaml = new StringBuilder("groups:\n- name: dashboard-syntax\n  rules:\n");
        for (var i = 0; i < expressions.Count; i++)
        {
            // Grafana's variables become what they stand for, so promtool parses plain PromQL.
            var expr = expressions[i].Expr
                .Replace("$__rate_interval", "5m", StringComparison.Ordinal)
                .Replace("$__range", "6h", StringComparison.Ordinal)
                .Replace("$namespace", ".*", StringComparison.Ordinal)
                .Replace("$channel", ".*", StringComparison.Ordinal);
            Assert.DoesNotContain("$", expr, StringComparison.Ordinal);
            if (expr.StartsWith("label_values(", StringComparison.Ordinal))
            {
                expr = expr["label_values(".Length..expr.LastIndexOf(',')];
            }

            yaml.Append(CultureInfo.InvariantCulture, $"  - record: dashboard:expr_{i}:check\n    expr: {System.Text.Json.JsonSerializer.Serialize(expr)}\n");
        }

        using var dir = new TempDirectory();
        var rules = Path.Combine(dir.Path, "dashboard-rules.yaml");
        await File.WriteAllTextAsync(rules, yaml.ToString(), TestContext.Current.CancellationToken);

        var (exitCode, output) = await Promtool.RunAsync(dir.Path, "check", "rules", rules);

        Assert.True(exitCode == 0, $"promtool check rules rejected a dashboard expression:\n{output}");
        Assert.Contains($"{expressions.Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ChartTemplate_ShipsEveryDashboardFileWithTheConfiguredLabels()
    {
        var template = File.ReadAllText(RepositoryRoot.Combine("charts", "k8snotify", "templates", "dashboard-configmap.yaml"));
        var values = (JsonObject)YamlJson.ParseDocuments(File.ReadAllText(RepositoryRoot.Combine("charts", "k8snotify", "values.yaml")))[0];

        Assert.Contains("{{- if .Values.dashboard.enabled }}", template, StringComparison.Ordinal);
        Assert.Contains(".Files.Glob \"dashboards/*.json\"", template, StringComparison.Ordinal);
        Assert.Contains("toYaml $.Values.dashboard.labels", template, StringComparison.Ordinal);
        Assert.Contains("kind: ConfigMap", template, StringComparison.Ordinal);
        Assert.False((bool)values["dashboard"]!["enabled"]!, "the dashboard ConfigMap should be opt-in");
        Assert.Equal("1", (string?)values["dashboard"]!["labels"]!["grafana_dashboard"]);

        // A ConfigMap holds at most 1 MiB, and client-side apply keeps a copy in an annotation (256 KiB).
        foreach (var file in Directory.EnumerateFiles(Dashboards, "*.json"))
        {
            Assert.InRange(new FileInfo(file).Length, 1, 200 * 1024);
        }
    }

    [Fact]
    public async Task HelmTemplate_DashboardEnabled_RendersALabelledConfigMapWithTheJson()
    {
        Assert.SkipUnless(Helm.IsInstalled, "helm is not installed");
        var chart = RepositoryRoot.Combine("charts", "k8snotify");

        var yaml = await Helm.RunAsync(
            ["template", "k8snotify", chart, "--namespace", "monitoring", "--set", "dashboard.enabled=true", "--set-string", "dashboard.labels.team=sre"],
            TestContext.Current.CancellationToken);

        var configMap = YamlJson.ParseDocuments(yaml).OfType<JsonObject>()
            .Single(d => (string?)d["kind"] == "ConfigMap" && ((string?)d["metadata"]!["name"])!.Contains("dashboard", StringComparison.Ordinal));
        Assert.Equal("1", (string?)configMap["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.Equal("sre", (string?)configMap["metadata"]!["labels"]!["team"]);
        var json = (string?)configMap["data"]!["k8snotify.json"];
        Assert.Equal((string?)Load("k8snotify.json")["uid"], (string?)JsonNode.Parse(json!)!["uid"]);
    }

    private static JsonObject Load(string file) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Dashboards, file)))!;

    private static IEnumerable<JsonObject> Panels(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]!.AsArray().OfType<JsonObject>())
        {
            yield return panel;
            if (panel["panels"] is JsonArray nested)
            {
                foreach (var inner in nested.OfType<JsonObject>())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Every PromQL expression: panel targets and query variables, each with where it came from.</summary>
    private static List<(string Where, string Expr)> Expressions(JsonObject dashboard)
    {
        var result = new List<(string, string)>();
        foreach (var panel in Panels(dashboard))
        {
            foreach (var target in (panel["targets"] as JsonArray ?? []).OfType<JsonObject>())
            {
                result.Add(($"panel '{panel["title"]}' {target["refId"]}", (string)target["expr"]!));
            }
        }

        foreach (var variable in dashboard["templating"]!["list"]!.AsArray().OfType<JsonObject>().Where(v => (string?)v["type"] == "query"))
        {
            var query = variable["query"] is JsonObject q ? (string)q["query"]! : (string)variable["query"]!;
            result.Add(($"variable {variable["name"]}", query));
        }

        return result;
    }

    /// <summary>Exported series (with the histogram suffixes) and every record the SLO generator emits, each with its labels.</summary>
    private static Dictionary<string, HashSet<string>> KnownSeries()
    {
        var known = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            [MetricNames.NotificationsTotal] = [.. MetricNames.NotificationsTotalLabels],
            [MetricNames.DeliveryDurationSeconds + "_bucket"] = [.. MetricNames.DeliveryDurationLabels, "le"],
            [MetricNames.DeliveryDurationSeconds + "_count"] = [.. MetricNames.DeliveryDurationLabels],
            [MetricNames.DeliveryDurationSeconds + "_sum"] = [.. MetricNames.DeliveryDurationLabels],
            [MetricNames.ProviderRequestsTotal] = [MetricNames.ProviderLabel, MetricNames.ResultLabel],
            [MetricNames.ProviderRequestDurationSeconds + "_bucket"] = [MetricNames.ProviderLabel, "le"],
            [MetricNames.ProviderRequestDurationSeconds + "_count"] = [MetricNames.ProviderLabel],
            [MetricNames.ProviderRequestDurationSeconds + "_sum"] = [MetricNames.ProviderLabel],
            [MetricNames.ProviderCircuitState] = [MetricNames.ProviderLabel],
            [MetricNames.PushInvalidTokensTotal] = [MetricNames.ProviderLabel],
            [MetricNames.ConsumerPending] = [.. MetricNames.ConsumerPendingLabels],
            [MetricNames.ConsumerOldestPendingAgeSeconds] = [.. MetricNames.ConsumerPendingLabels],
            [OperatorMetrics.Leader] = [],
            [OperatorMetrics.WorkQueueDepth] = [OperatorMetrics.KindLabel],
            [OperatorMetrics.ReconcileTotal] = [OperatorMetrics.KindLabel, OperatorMetrics.ResultLabel],
            [OperatorMetrics.ReconcileDurationSeconds + "_bucket"] = [OperatorMetrics.KindLabel, "le"],
            [ConditionMetrics.ResourceCondition] =
                [ConditionMetrics.KindLabel, ConditionMetrics.NamespaceLabel, ConditionMetrics.NameLabel, ConditionMetrics.TypeLabel, ConditionMetrics.StatusLabel],
        };

        var examples = RepositoryRoot.Combine("examples");
        var channels = ManifestReader.ReadDirectory(examples).Channels.Append(SloTestChannels.Standard());
        foreach (var channel in channels)
        {
            foreach (var rule in SloRuleGenerator.Generate(channel).Rules.OfType<RecordingRule>())
            {
                // Records aggregate "by (channel, namespace)" and carry the same two as static labels.
                var labels = known.TryGetValue(rule.Record, out var existing) ? existing : known[rule.Record] = [];
                labels.UnionWith(rule.Labels.Keys);
            }
        }

        return known;
    }
}
