using k8s.Models;
using K8sNotify.Operator.Controllers;
using Prometheus;

namespace K8sNotify.Operator.Tests.Controllers;

public sealed class ConditionMetricsTests
{
    [Fact]
    public void Record_StatusChanges_KeepsOnlyTheCurrentStatusOfEachCondition()
    {
        var metrics = new ConditionMetrics(Metrics.NewCustomRegistry());

        metrics.Record("Channel", "shop", "orders", [Condition("Ready", "False"), Condition("Stalled", "True")]);
        metrics.Record("Channel", "shop", "orders", [Condition("Ready", "True"), Condition("Stalled", "False")]);

        Assert.Equal(1, metrics.Value("Channel", "shop", "orders", "Ready", "True"));
        Assert.Equal(0, metrics.Value("Channel", "shop", "orders", "Ready", "False"));
        Assert.Equal(0, metrics.Value("Channel", "shop", "orders", "Stalled", "True"));
        Assert.Equal(1, metrics.Value("Channel", "shop", "orders", "Stalled", "False"));
    }

    [Fact]
    public void Forget_DeletedChannel_RemovesItsSeriesOnly()
    {
        var metrics = new ConditionMetrics(Metrics.NewCustomRegistry());
        metrics.Record("Channel", "shop", "orders", [Condition("Stalled", "True")]);
        metrics.Record("Channel", "shop", "invoices", [Condition("Stalled", "True")]);

        metrics.Forget("Channel", "shop", "orders");

        Assert.Equal(0, metrics.Value("Channel", "shop", "orders", "Stalled", "True"));
        Assert.Equal(1, metrics.Value("Channel", "shop", "invoices", "Stalled", "True"));
    }

    private static V1Condition Condition(string type, string status) => new() { Type = type, Status = status };
}
