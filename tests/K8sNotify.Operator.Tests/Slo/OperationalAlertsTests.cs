using System.Text.Json.Nodes;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.Observability;
using K8sNotify.Operator.Controllers;
using K8sNotify.Operator.Runtime;
using K8sNotify.Operator.Slo;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Metrics;

namespace K8sNotify.Operator.Tests.Slo;

/// <summary>
/// The operational alerts under the real promtool: for each, one input where it fires and one where it stays quiet.
/// The per-Channel rules come from <see cref="OperationalRuleGenerator"/>, the operator's own from the chart's rule file.
/// </summary>
public sealed class OperationalAlertsTests
{
    private const string Channel = "orders";
    private const string Namespace = "shop";
    private const string Service = "orders-dispatcher";
    private const string ChannelSeries = $"channel=\"{Channel}\",namespace=\"{Namespace}\"";
    private const string TargetSeries = $"namespace=\"{Namespace}\",service=\"{Service}\"";

    private static readonly string OperatorRules = RepositoryRoot.Combine("charts", "k8snotify", "files", "operator-rules.yaml");

    /// <summary>Alert, input when it should fire, input when it should not, when to evaluate, and the labels it fires with.</summary>
    public static TheoryData<string, string[], string[], string, string> ChannelCases => new()
    {
        {
            OperationalAlerts.DispatchersDown,
            [$"up{{{TargetSeries},pod=\"a\"}}|1x5 0x25"],
            [$"up{{{TargetSeries},pod=\"a\"}}|1x5 0x25", $"up{{{TargetSeries},pod=\"b\"}}|1x30"],
            "20m",
            "severity=critical"
        },
        {
            OperationalAlerts.DispatchersNotReady,
            [$"kube_deployment_status_replicas_available{{namespace=\"{Namespace}\",deployment=\"{Service}\"}}|1x40", $"kube_deployment_spec_replicas{{namespace=\"{Namespace}\",deployment=\"{Service}\"}}|2x40"],
            [$"kube_deployment_status_replicas_available{{namespace=\"{Namespace}\",deployment=\"{Service}\"}}|1x5 2x35", $"kube_deployment_spec_replicas{{namespace=\"{Namespace}\",deployment=\"{Service}\"}}|2x40"],
            "30m",
            $"severity=warning,deployment={Service}"
        },
        {
            OperationalAlerts.BacklogGrowing,
            [$"{MetricNames.ConsumerPending}{{{ChannelSeries},pod=\"a\"}}|0+10x40"],
            [$"{MetricNames.ConsumerPending}{{{ChannelSeries},pod=\"a\"}}|500x40"],
            "35m",
            "severity=warning"
        },
        {
            OperationalAlerts.OldestPendingTooOld,
            [$"{MetricNames.ConsumerOldestPendingAgeSeconds}{{{ChannelSeries},pod=\"a\"}}|0+60x30"],
            [$"{MetricNames.ConsumerOldestPendingAgeSeconds}{{{ChannelSeries},pod=\"a\"}}|0+5x30"],
            "20m",
            "severity=warning"
        },
        {
            OperationalAlerts.DeadLettersIncreasing,
            [$"{MetricNames.NotificationsTotal}{{{ChannelSeries},provider=\"smtp\",outcome=\"dead_lettered\"}}|0x10 1+1x10", $"{MetricNames.NotificationsTotal}{{{ChannelSeries},provider=\"smtp\",outcome=\"sent\"}}|0+100x20"],
            [$"{MetricNames.NotificationsTotal}{{{ChannelSeries},provider=\"smtp\",outcome=\"dead_lettered\"}}|4x20", $"{MetricNames.NotificationsTotal}{{{ChannelSeries},provider=\"smtp\",outcome=\"failed\"}}|0+1x20"],
            "15m",
            "severity=warning"
        },
        {
            // Open and half-open alternate while the provider keeps failing its probes: the circuit never closes.
            OperationalAlerts.ProviderCircuitOpen,
            [$"{MetricNames.ProviderCircuitState}{{{TargetSeries},pod=\"a\",provider=\"smtp\"}}|0x5 1 2 1 2 1 2 1 2 1 2 1 2 1 2 1 2 1 2 1 2"],
            [$"{MetricNames.ProviderCircuitState}{{{TargetSeries},pod=\"a\",provider=\"smtp\"}}|0x5 1x5 2 0x9"],
            "20m",
            "severity=warning,provider=smtp"
        },
        {
            OperationalAlerts.RateLimiterDegraded,
            [$"{MetricNames.RateLimiterDegraded}{{{ChannelSeries},pod=\"a\"}}|0x5 1x20"],
            [$"{MetricNames.RateLimiterDegraded}{{{ChannelSeries},pod=\"a\"}}|0x5 1x3 0x17"],
            "20m",
            "severity=warning"
        },
        {
            OperationalAlerts.NotificationsStuck,
            [$"{MetricNames.NotificationsStuck}{{{ChannelSeries},pod=\"a\"}}|0x5 3x25"],
            [$"{MetricNames.NotificationsStuck}{{{ChannelSeries},pod=\"a\"}}|0x5 3x5 0x20"],
            "25m",
            "severity=warning"
        },
    };

    public static TheoryData<string, string[], string[], string, string> OperatorCases => new()
    {
        {
            OperationalAlerts.OperatorDown,
            ["up{job=\"kube-state-metrics\"}|1x20"],
            [$"{OperatorMetrics.Leader}{{instance=\"a\"}}|1x20"],
            "10m",
            "severity=critical"
        },
        {
            OperationalAlerts.OperatorNoLeader,
            [$"{OperatorMetrics.Leader}{{instance=\"a\"}}|0x20", $"{OperatorMetrics.Leader}{{instance=\"b\"}}|0x20"],
            [$"{OperatorMetrics.Leader}{{instance=\"a\"}}|1x20", $"{OperatorMetrics.Leader}{{instance=\"b\"}}|0x20"],
            "10m",
            "severity=critical"
        },
        {
            // Quiet: only a replica that lost the lease still reports the old condition.
            OperationalAlerts.ChannelStalled,
            [Condition("a", "Stalled", "True"), $"{OperatorMetrics.Leader}{{instance=\"a\"}}|1x20"],
            [Condition("b", "Stalled", "True"), Condition("a", "Stalled", "False"), $"{OperatorMetrics.Leader}{{instance=\"a\"}}|1x20", $"{OperatorMetrics.Leader}{{instance=\"b\"}}|0x20"],
            "15m",
            $"severity=warning,namespace={Namespace},resource_namespace={Namespace},name={Channel}"
        },
        {
            OperationalAlerts.ChannelSloNotReady,
            [Condition("a", "SloReady", "False"), $"{OperatorMetrics.Leader}{{instance=\"a\"}}|1x20"],
            [Condition("a", "SloReady", "True"), $"{OperatorMetrics.Leader}{{instance=\"a\"}}|1x20"],
            "18m",
            $"severity=warning,namespace={Namespace},resource_namespace={Namespace},name={Channel}"
        },
    };

    [Theory]
    [MemberData(nameof(ChannelCases))]
    public async Task TestRules_ChannelAlert_FiresOnTheBadInputOnly(string alert, string[] firing, string[] quiet, string at, string labels)
    {
        var rules = SloRuleFormats.ToRuleFile([OperationalRuleGenerator.Generate(SloTestChannels.Standard())]);

        await AssertFiresOnlyOnAsync(rules, alert, firing, quiet, at, $"{labels},channel={Channel},namespace={Namespace}");
    }

    [Theory]
    [MemberData(nameof(OperatorCases))]
    public async Task TestRules_OperatorAlert_FiresOnTheBadInputOnly(string alert, string[] firing, string[] quiet, string at, string labels)
    {
        await AssertFiresOnlyOnAsync(await File.ReadAllTextAsync(OperatorRules, TestContext.Current.CancellationToken), alert, firing, quiet, at, labels);
    }

    [Theory]
    [InlineData(OperationalAlerts.BacklogGrowing, $"{MetricNames.ConsumerPending}{{{ChannelSeries},pod=\"a\"}}|0+10x40", "35m")]
    [InlineData(OperationalAlerts.OldestPendingTooOld, $"{MetricNames.ConsumerOldestPendingAgeSeconds}{{{ChannelSeries},pod=\"a\"}}|0+60x30", "20m")]
    public async Task TestRules_BacklogAlertOfSuspendedChannel_StaysQuiet(string alert, string backlog, string at)
    {
        var rules = SloRuleFormats.ToRuleFile([OperationalRuleGenerator.Generate(SloTestChannels.Standard())]);

        await AssertFiresOnlyOnAsync(
            rules,
            alert,
            [backlog, $"{MetricNames.ChannelSuspended}{{{ChannelSeries},pod=\"a\"}}|0x40"],
            [backlog, $"{MetricNames.ChannelSuspended}{{{ChannelSeries},pod=\"a\"}}|1x40"],
            at,
            $"severity=warning,channel={Channel},namespace={Namespace}");
    }

    [Fact]
    public async Task CheckRules_ChannelAndOperatorRules_PassPromtool()
    {
        using var dir = new TempDirectory();
        var channelRules = SloRuleFormats.ToRuleFile([OperationalRuleGenerator.Generate(SloTestChannels.Standard())]);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "channel.yaml"), channelRules, TestContext.Current.CancellationToken);
        File.Copy(OperatorRules, Path.Combine(dir.Path, "operator.yaml"));

        var (exitCode, output) = await Promtool.RunAsync(dir.Path, "check", "rules", "channel.yaml", "operator.yaml");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Rules_EveryAlert_IsCoveredByATestAndLinksItsRunbook()
    {
        var channelAlerts = OperationalRuleGenerator.Generate(SloTestChannels.Standard()).Rules.OfType<AlertingRule>().ToList();
        var operatorAlerts = OperatorRuleAlerts();

        Assert.Equal(OperationalAlerts.ChannelAlerts, channelAlerts.Select(a => a.Alert));
        Assert.Equal(OperationalAlerts.OperatorAlerts, operatorAlerts.Select(a => a.Alert));
        Assert.Equal(OperationalAlerts.ChannelAlerts.Order(), ChannelCases.Select(c => (string)c.Data.Item1).Order());
        Assert.Equal(OperationalAlerts.OperatorAlerts.Order(), OperatorCases.Select(c => (string)c.Data.Item1).Order());
        Assert.All(channelAlerts, a => Assert.Equal(SloNames.RunbookUrl(null, a.Alert), a.Annotations["runbook_url"]));
        Assert.All(operatorAlerts, a => Assert.Equal(SloNames.RunbookUrl(null, a.Alert), a.RunbookUrl));
    }

    [Fact]
    public void Rules_Selectors_UseMetricsTheCodeExports()
    {
        string[] exported =
        [
            MetricNames.ConsumerPending, MetricNames.ConsumerOldestPendingAgeSeconds, MetricNames.NotificationsTotal, MetricNames.ProviderCircuitState,
            MetricNames.RateLimiterDegraded, MetricNames.NotificationsStuck, MetricNames.ChannelSuspended, OperatorMetrics.Leader, ConditionMetrics.ResourceCondition,
        ];
        string[] external = ["up", "kube_deployment_status_replicas_available", "kube_deployment_spec_replicas"];
        var expressions = OperationalRuleGenerator.Generate(SloTestChannels.Standard()).Rules.Select(r => r.Expr)
            .Concat(OperatorRuleAlerts().Select(a => a.Expr)).ToList();

        var metrics = expressions.SelectMany(PromQlSelectors.Extract).Select(s => s.Metric).ToHashSet();

        Assert.Subset(exported.Concat(external).ToHashSet(), metrics);
        Assert.All(exported, name => Assert.Contains(expressions, e => e.Contains(name, StringComparison.Ordinal)));
    }

    private static string Condition(string instance, string type, string status) =>
        $"{ConditionMetrics.ResourceCondition}{{instance=\"{instance}\",kind=\"Channel\",resource_namespace=\"{Namespace}\",name=\"{Channel}\",type=\"{type}\",status=\"{status}\"}}|1x20";

    private static List<(string Alert, string Expr, string RunbookUrl)> OperatorRuleAlerts()
    {
        var file = YamlJson.ParseDocuments(File.ReadAllText(OperatorRules))[0]!;
        return [.. file["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray())
            .Select(r => ((string)r!["alert"]!, (string)r["expr"]!, (string)r["annotations"]!["runbook_url"]!))];
    }

    // Annotations are left out of the unit-test copy of the rules: promtool would otherwise demand every rendered text,
    // which `check rules` already parses; the tests are about when each alert fires and with which labels.
    private static async Task AssertFiresOnlyOnAsync(string ruleFile, string alert, string[] firing, string[] quiet, string at, string labels)
    {
        var rules = (JsonObject)YamlJson.ParseDocuments(ruleFile)[0]!;
        foreach (var rule in rules["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).OfType<JsonObject>())
        {
            rule.Remove("annotations");
        }

        var expected = new JsonObject();
        foreach (var pair in labels.Split(','))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            expected[pair[..eq]] = pair[(eq + 1)..];
        }

        var test = new JsonObject
        {
            ["rule_files"] = new JsonArray("rules.yaml"),
            ["evaluation_interval"] = "1m",
            ["tests"] = new JsonArray(
                Case(firing, at, alert, new JsonArray(new JsonObject { ["exp_labels"] = expected })),
                Case(quiet, at, alert, [])),
        };
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "rules.yaml"), ManifestWriter.ToYaml(rules), ct);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "test.yaml"), ManifestWriter.ToYaml(test), ct);

        var (exitCode, output) = await Promtool.RunAsync(dir.Path, "test", "rules", "test.yaml");

        Assert.True(exitCode == 0, $"promtool test rules for {alert} exited {exitCode}:\n{output}");
    }

    private static JsonObject Case(string[] series, string at, string alert, JsonArray expected) => new()
    {
        ["interval"] = "1m",
        ["input_series"] = new JsonArray([.. series.Select(s => (JsonNode)new JsonObject { ["series"] = s.Split('|')[0], ["values"] = s.Split('|')[1] })]),
        ["alert_rule_test"] = new JsonArray(new JsonObject { ["eval_time"] = at, ["alertname"] = alert, ["exp_alerts"] = expected }),
    };
}
