using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Conditions;

namespace K8sNotify.Operator.Tests.Conditions;

public sealed class StatusConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MarkReady_Fresh_SetsTripleWithGeneration()
    {
        var status = new ChannelStatus();

        StatusConditions.MarkReady(status, 3, "Reconciled", "ok", T0);

        Assert.Equal(3, status.ObservedGeneration);
        Assert.Equal(["Ready", "Reconciling", "Stalled"], status.Conditions!.Select(c => c.Type));
        Assert.Equal(["True", "False", "False"], status.Conditions!.Select(c => c.Status));
        Assert.All(status.Conditions!, c => Assert.Equal(3, c.ObservedGeneration));
        Assert.True(StatusConditions.IsReady(status, 3));
        Assert.False(StatusConditions.IsReady(status, 4));
    }

    [Fact]
    public void MarkReady_Again_KeepsLastTransitionTime()
    {
        var status = new ChannelStatus();
        StatusConditions.MarkReady(status, 1, "Reconciled", "ok", T0);

        StatusConditions.MarkReady(status, 2, "Reconciled", "ok again", T0.AddMinutes(5));

        var ready = StatusConditions.Find(status, "Ready")!;
        Assert.Equal(T0.UtcDateTime, ready.LastTransitionTime);
        Assert.Equal("ok again", ready.Message);
        Assert.Equal(2, ready.ObservedGeneration);
    }

    [Fact]
    public void MarkStalled_AfterReady_FlipsAndStampsTransitions()
    {
        var status = new ChannelStatus();
        StatusConditions.MarkReady(status, 1, "Reconciled", "ok", T0);

        StatusConditions.MarkStalled(status, 1, "TemplateNotFound", "Template 'x' not found", T0.AddMinutes(1));

        var ready = StatusConditions.Find(status, "Ready")!;
        var stalled = StatusConditions.Find(status, "Stalled")!;
        var reconciling = StatusConditions.Find(status, "Reconciling")!;
        Assert.Equal(("False", "TemplateNotFound"), (ready.Status, ready.Reason));
        Assert.Equal(("True", "TemplateNotFound"), (stalled.Status, stalled.Reason));
        Assert.Equal(T0.AddMinutes(1).UtcDateTime, ready.LastTransitionTime);
        Assert.Equal(T0.AddMinutes(1).UtcDateTime, stalled.LastTransitionTime);
        Assert.Equal(T0.UtcDateTime, reconciling.LastTransitionTime);
    }

    [Fact]
    public void MarkReconciling_SubSecondClock_StoredAtSecondPrecision()
    {
        var status = new ProviderStatus();

        StatusConditions.MarkReconciling(status, 1, "Progressing", "rolling out", T0.AddMilliseconds(750));

        Assert.Equal(T0.UtcDateTime, StatusConditions.Find(status, "Reconciling")!.LastTransitionTime);
    }
}
