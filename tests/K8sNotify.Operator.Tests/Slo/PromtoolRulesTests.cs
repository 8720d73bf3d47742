using K8sNotify.Api.Manifests;
using K8sNotify.Operator.Slo;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Slo;

/// <summary>
/// The generated rules checked and unit-tested by the real promtool: synthetic series prove the alerts fire (and stay
/// quiet) the way the multiwindow multi-burn-rate method says, for the standard example SLO (99.9% available, 99% under 500ms, 30d).
/// </summary>
public sealed class PromtoolRulesTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static TheoryData<string> Windows => ["30d", "28d", "7d", "1d", "90d"];

    [Theory]
    [MemberData(nameof(Windows))]
    public async Task CheckRules_GeneratedForWindow_PassesPromtool(string window)
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard(window));

        await AssertCheckRulesAsync(SloRuleFormats.ToRuleFile(result.Groups));
    }

    [Fact]
    public async Task CheckRules_EveryExampleChannel_PassesPromtool()
    {
        var examples = RepositoryRoot.Combine("examples");
        var channels = Directory.Exists(examples) ? ManifestReader.ReadDirectory(examples).Channels : [];
        var groups = new List<RuleGroup>();
        foreach (var channel in channels)
        {
            var result = SloRuleGenerator.Generate(channel);
            Assert.True(result.IsValid, $"examples: Channel {channel.Metadata.Name}: {result.Error}");
            groups.AddRange(result.Groups);
        }

        // Until examples/ carries a Channel with an SLO, the standard example one stands in, so the test checks something.
        if (groups.Count == 0)
        {
            groups.AddRange(SloRuleGenerator.Generate(SloTestChannels.Standard()).Groups);
        }

        await AssertCheckRulesAsync(SloRuleFormats.ToRuleFile(groups));
    }

    [Fact]
    public async Task TestRules_TwoPercentErrorsOn999Slo_PagesWithinTheFastWindow()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());
        var traffic = new SyntheticTraffic(SloTestChannels.Name, SloTestChannels.Namespace)
            .Then(60, sent: 100)
            .Then(60, sent: 98, failed: 2);
        var page = Alert(result, SloNames.AvailabilityFastBurnAlert);
        var exhausted = Alert(result, SloNames.ErrorBudgetExhaustedAlert, SloNames.Availability);

        var test = new PromtoolRuleTest(Minute)
            .WithSeries(traffic.Series("0.5"))
            .ExpectNoAlerts(TimeSpan.FromMinutes(59), SloNames.AvailabilityFastBurnAlert)
            // 2% errors burn a 0.1% budget at 20x: over the whole last hour, and past 14.4x on the 5m window.
            .ExpectAlerts(TimeSpan.FromMinutes(120), SloNames.AvailabilityFastBurnAlert, (page, BurnRate(page, "20.0")))
            .ExpectNoAlerts(TimeSpan.FromMinutes(120), SloNames.LatencyFastBurnAlert)
            // 120 failed of 12000 valid over the data so far: 1% errors spend the budget 10 times over.
            .ExpectAlerts(TimeSpan.FromMinutes(120), SloNames.ErrorBudgetExhaustedAlert, (exhausted, Budget(exhausted, "-900%")));

        await AssertTestRulesAsync(result, test);
    }

    [Fact]
    public async Task TestRules_SlowBurnOfPointTwoPercent_OpensTicketAndDoesNotPage()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());
        // One healthy day, then two days at 0.2% errors (2x burn). Samples every 5 minutes and rule evaluation every
        // 15 keep promtool quick over three days; the windows still hold several samples each.
        var traffic = new SyntheticTraffic(SloTestChannels.Name, SloTestChannels.Namespace)
            .Then(288, sent: 5000)
            .Then(576, sent: 4990, failed: 10);
        var ticket = Alert(result, SloNames.AvailabilitySlowBurnAlert);

        var test = new PromtoolRuleTest(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15))
            .WithSeries(traffic.Series("0.5"))
            // Half a day in, the 3d error ratio is still under the budget's pace.
            .ExpectNoAlerts(TimeSpan.FromHours(36), SloNames.AvailabilitySlowBurnAlert)
            // Two days of 0.2% over a three-day window: 0.133% errors, 1.3x the sustainable rate.
            .ExpectAlerts(TimeSpan.FromDays(3), SloNames.AvailabilitySlowBurnAlert, (ticket, BurnRate(ticket, "1.3")))
            .ExpectNoAlerts(TimeSpan.FromHours(36), SloNames.AvailabilityFastBurnAlert)
            .ExpectNoAlerts(TimeSpan.FromHours(60), SloNames.AvailabilityFastBurnAlert)
            .ExpectNoAlerts(TimeSpan.FromDays(3), SloNames.AvailabilityFastBurnAlert);

        await AssertTestRulesAsync(result, test);
    }

    [Fact]
    public async Task TestRules_HealthyChannelWithInvalidAndDroppedTraffic_FiresNothing()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());
        // 0.05% errors is within budget; invalid input and rate-limit drops are the senders' doing and not counted,
        // although here they alone would be 10% of all traffic.
        var traffic = new SyntheticTraffic(SloTestChannels.Name, SloTestChannels.Namespace)
            .Then(288, sent: 9995, failed: 5, invalid: 750, rateLimited: 360, fast: 9975, slow: 25);

        var test = new PromtoolRuleTest(TimeSpan.FromMinutes(5)).WithSeries(traffic.Series("0.5"));
        foreach (var at in new[] { TimeSpan.FromMinutes(10), TimeSpan.FromHours(6), TimeSpan.FromDays(1) })
        {
            foreach (var alert in SloNames.Alerts)
            {
                test.ExpectNoAlerts(at, alert);
            }
        }

        await AssertTestRulesAsync(result, test);
    }

    [Fact]
    public async Task TestRules_LatencyRegression_FiresTheLatencyPage()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());
        // Every delivery succeeds, but one in five takes longer than 500ms: 20% slow against a 1% budget.
        var traffic = new SyntheticTraffic(SloTestChannels.Name, SloTestChannels.Namespace)
            .Then(60, sent: 100)
            .Then(60, sent: 100, fast: 80, slow: 20);
        var page = Alert(result, SloNames.LatencyFastBurnAlert);

        var test = new PromtoolRuleTest(Minute)
            .WithSeries(traffic.Series("0.5"))
            .ExpectNoAlerts(TimeSpan.FromMinutes(59), SloNames.LatencyFastBurnAlert)
            .ExpectAlerts(TimeSpan.FromMinutes(120), SloNames.LatencyFastBurnAlert, (page, BurnRate(page, "20.0")))
            .ExpectNoAlerts(TimeSpan.FromMinutes(120), SloNames.AvailabilityFastBurnAlert);

        await AssertTestRulesAsync(result, test);
    }

    [Fact]
    public async Task TestRules_BudgetRemaining_IsOneMinusErrorRatioOverBudget()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());
        // 1 in 2000 valid notifications failed (0.05%): half of a 0.1% budget is left. 3 in 1000 deliveries were slow
        // (0.3%): 70% of a 1% latency budget is left.
        var traffic = new SyntheticTraffic(SloTestChannels.Name, SloTestChannels.Namespace)
            .Then(144, sent: 1999, failed: 1, invalid: 40, fast: 997, slow: 3);
        const string labels = $"{{channel=\"{SloTestChannels.Name}\",namespace=\"{SloTestChannels.Namespace}\"}}";

        var test = new PromtoolRuleTest(TimeSpan.FromMinutes(5))
            .WithSeries(traffic.Series("0.5"))
            .ExpectSample(TimeSpan.FromHours(12), $"round({SloNames.ErrorBudgetRemaining(SloNames.Availability)}, 0.0001)", labels, 0.5)
            .ExpectSample(TimeSpan.FromHours(12), $"round({SloNames.ErrorBudgetRemaining(SloNames.Latency)}, 0.0001)", labels, 0.7)
            .ExpectSample(TimeSpan.FromHours(12), SloNames.Objective(SloNames.Availability), SloNames.Objective(SloNames.Availability) + labels, 0.999)
            .ExpectSample(TimeSpan.FromHours(12), SloNames.Objective(SloNames.Latency), SloNames.Objective(SloNames.Latency) + labels, 0.99);

        await AssertTestRulesAsync(result, test);
    }

    private static AlertingRule Alert(SloRuleResult result, string name, string? sli = null) =>
        result.Rules.OfType<AlertingRule>().Single(r => r.Alert == name && (sli is null || r.Labels[SloNames.SloLabel] == sli));

    private static Dictionary<string, string> BurnRate(AlertingRule rule, string rendered) =>
        rule.Annotations.ToDictionary(p => p.Key, p => p.Value.Replace(SloRuleGenerator.BurnRateValueTemplate, rendered, StringComparison.Ordinal));

    private static Dictionary<string, string> Budget(AlertingRule rule, string rendered) =>
        rule.Annotations.ToDictionary(p => p.Key, p => p.Value.Replace(SloRuleGenerator.BudgetValueTemplate, rendered, StringComparison.Ordinal));

    private static async Task AssertCheckRulesAsync(string ruleFile)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "rules.yaml"), ruleFile, TestContext.Current.CancellationToken);

        var (exitCode, output) = await Promtool.RunAsync(dir.Path, "check", "rules", "rules.yaml");

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}\n--- rules.yaml ---\n{ruleFile}");
    }

    private static async Task AssertTestRulesAsync(SloRuleResult result, PromtoolRuleTest test)
    {
        Assert.True(result.IsValid, result.Error?.Message);
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "rules.yaml"), SloRuleFormats.ToRuleFile(result.Groups), ct);
        var testFile = ManifestWriter.ToYaml(test.ToJson("rules.yaml", result.Groups.Select(g => g.Name)));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "test.yaml"), testFile, ct);

        var (exitCode, output) = await Promtool.RunAsync(dir.Path, "test", "rules", "test.yaml");

        Assert.True(exitCode == 0, $"promtool test rules exited {exitCode}:\n{output}");
    }
}
