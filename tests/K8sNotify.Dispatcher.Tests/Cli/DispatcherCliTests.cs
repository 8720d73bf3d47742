using K8sNotify.Dispatcher.Cli;

namespace K8sNotify.Dispatcher.Tests.Cli;

public sealed class DispatcherCliTests
{
    public static TheoryData<string[], string, string[]> CommandsAndOptions => new()
    {
        { [], "k8snotify-dispatcher [command] [options]", ["--manifests", "--config", "--nats", "--nats-credentials", "--redis", "--http-port", "--channel", "--namespace", "--api", "publish", "status"] },
        { ["publish"], "k8snotify-dispatcher publish [options]", ["--subject", "--file", "--nats", "--msg-id", "K8SNOTIFY_MSG_ID"] },
        { ["status"], "k8snotify-dispatcher status [options]", ["--manifests", "--namespace", "--channel", "--id", "--nats"] },
    };

    [Theory]
    [MemberData(nameof(CommandsAndOptions))]
    public async Task InvokeAsync_Help_PrintsUsageAndEveryOption(string[] command, string usage, string[] options)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await DispatcherCli.InvokeAsync([.. command, "--help"], stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var help = stdout.ToString();
        Assert.Contains(usage, help, StringComparison.Ordinal);
        Assert.All(options, option => Assert.Contains(option, help, StringComparison.Ordinal));
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public async Task InvokeAsync_PublishWithoutSubject_ExitsTwoWithUsage()
    {
        using var stderr = new StringWriter();

        var code = await DispatcherCli.InvokeAsync(["publish", "--file", "message.json"], TextWriter.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("--subject and --file are required", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: k8snotify-dispatcher publish", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_BadHttpPort_ExitsTwoBeforeStarting()
    {
        using var stderr = new StringWriter();

        var code = await DispatcherCli.InvokeAsync(["--manifests", "/nonexistent", "--http-port", "eighty"], TextWriter.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("eighty", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NeitherManifestsNorConfig_ExitsTwoWithTheValidationMessage()
    {
        using var stderr = new StringWriter();

        var code = await DispatcherCli.InvokeAsync(["--nats", "nats://127.0.0.1:1"], TextWriter.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("exactly one of --manifests DIR", stderr.ToString(), StringComparison.Ordinal);
    }
}
