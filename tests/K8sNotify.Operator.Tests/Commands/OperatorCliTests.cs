using K8sNotify.Operator.Commands;

namespace K8sNotify.Operator.Tests.Commands;

public sealed class OperatorCliTests
{
    public static TheoryData<string, string[]> CommandsAndOptions => new()
    {
        { "run", ["Dispatcher:Image", "--monitoring-label", "--log-format", "--dispatcher-defaults"] },
        { "render", ["--monitoring-label", "--filename", "--namespace", "--image", "--nats-url", "--nats-credentials-secret", "--redis-url", "--redis-password-secret", "--consumer-pending-metric", "--no-prometheus-operator", "--include-crds", "--dispatcher-defaults"] },
        { "slo-rules", ["--filename", "--namespace", "--format", "--output"] },
        { "generate-crds", ["--output", "--chart-output"] },
    };

    [Theory]
    [MemberData(nameof(CommandsAndOptions))]
    public async Task InvokeAsync_CommandHelp_PrintsUsageAndEveryOption(string command, string[] options)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await OperatorCli.InvokeAsync([command, "--help"], stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var help = stdout.ToString();
        Assert.Contains($"k8snotify-operator {command} [options]", help, StringComparison.Ordinal);
        Assert.All(options, option => Assert.Contains(option, help, StringComparison.Ordinal));
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public async Task InvokeAsync_RootHelp_ListsEveryCommand()
    {
        using var stdout = new StringWriter();

        var code = await OperatorCli.InvokeAsync(["--help"], stdout, TextWriter.Null, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.All(["run", "render", "slo-rules", "generate-crds"], command => Assert.Contains("  " + command + " ", stdout.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_NoCommand_ExitsTwoWithUsage()
    {
        using var stderr = new StringWriter();

        var code = await OperatorCli.InvokeAsync([], TextWriter.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("usage: k8snotify-operator", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_RenderWithoutFilename_ExitsTwoNamingTheOption()
    {
        using var stderr = new StringWriter();

        var code = await OperatorCli.InvokeAsync(["render", "--include-crds"], TextWriter.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(RenderCommand.BadInput, code);
        Assert.Contains("--filename", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: k8snotify-operator render", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_RenderWithUnknownOption_ExitsTwoNamingIt()
    {
        using var stderr = new StringWriter();

        var code = await OperatorCli.InvokeAsync(["render", "-f", "examples", "--imgae", "x"], TextWriter.Null, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(RenderCommand.BadInput, code);
        Assert.Contains("--imgae", stderr.ToString(), StringComparison.Ordinal);
    }
}
