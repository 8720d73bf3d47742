using K8sNotify.Operator.Slo;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Slo;

public sealed class RunbookTests
{
    public static TheoryData<string> Alerts => [.. SloNames.Alerts, .. OperationalAlerts.All];

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Runbook_EveryAlert_HasMeaningImpactChecksAndActions(string alert)
    {
        var path = RepositoryRoot.Combine("docs", "runbooks", alert + ".md");

        Assert.True(File.Exists(path), $"{path} is missing: every generated alert links a runbook");
        var text = File.ReadAllText(path);
        Assert.StartsWith($"# {alert}", text, StringComparison.Ordinal);
        Assert.Contains("## What it means", text, StringComparison.Ordinal);
        Assert.Contains("## Impact", text, StringComparison.Ordinal);
        Assert.Contains("## How to check", text, StringComparison.Ordinal);
        Assert.Contains("## What to do", text, StringComparison.Ordinal);
    }
}
