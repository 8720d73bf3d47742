using K8sNotify.Dispatcher.Status;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport;

namespace K8sNotify.Dispatcher.Tests.StatusWebhooks;

public sealed class StatusWebhookRestartTests(StatusWebhookFixture fixture) : IClassFixture<StatusWebhookFixture>
{
    [Fact]
    public async Task Deliver_DispatchersRestartWhileEventsPending_DeliversThemInOrderAfterRestart()
    {
        var receiverUp = false;
        fixture.Script["hook-restart"] = _ => Volatile.Read(ref receiverUp) ? 200 : 503;
        await fixture.Harness.PublishAsync(DispatcherHarness.Message("hook-restart"));
        await fixture.Harness.WaitForStateAsync("hook-restart", NotificationState.Sent);
        await Poll.UntilAsync(() => fixture.For("hook-restart").Count > 0, "first attempt of hook-restart's first event", cancellationToken: TestContext.Current.CancellationToken);

        await fixture.RestartAsync();
        Volatile.Write(ref receiverUp, true);
        await fixture.UntilAsync(
            () => fixture.For("hook-restart").Count(e => e.Answer == 200) == 2,
            "both events of hook-restart delivered after the restart");

        var events = fixture.For("hook-restart");
        Assert.All(events.Where(e => e.Answer != 200), e => Assert.Equal("sending", e.State));
        Assert.Equal(["sending", "sent"], events.Where(e => e.Answer == 200).Select(e => e.State));
    }
}
