using K8sNotify.Cli.Tests.Support;

namespace K8sNotify.Cli.Tests.Commands;

public sealed class HelpTests
{
    public static TheoryData<string[], string, string[]> CommandsAndOptions => new()
    {
        { [], "k8snotify [command] [options]", ["--manifests", "--kubeconfig", "--context", "--namespace", "--channel", "--nats", "--nats-credentials", "--output", "render", "send", "status", "history", "dlq"] },
        { ["render"], "k8snotify render [options]", ["--template", "--file", "--data", "--data-file", "--locale", "--to", "--no-validate", "--manifests", "--kubeconfig"] },
        { ["send"], "k8snotify send [options]", ["--to", "--template", "--data", "--data-file", "--locale", "--id", "--subject", "--timeout", "--channel", "--nats"] },
        { ["status"], "k8snotify status <ID> [options]", ["--channel", "--nats", "--output"] },
        { ["history"], "k8snotify history <ID> [options]", ["--channel", "--nats", "--output"] },
        { ["dlq"], "k8snotify dlq [command] [options]", ["list", "show", "replay"] },
        { ["dlq", "list"], "k8snotify dlq list [options]", ["--limit", "--channel", "--nats"] },
        { ["dlq", "show"], "k8snotify dlq show <SEQUENCE> [options]", ["--channel", "--nats"] },
        { ["dlq", "replay"], "k8snotify dlq replay <SEQUENCE> [options]", ["--force", "--channel", "--nats"] },
    };

    [Theory]
    [MemberData(nameof(CommandsAndOptions))]
    public async Task InvokeAsync_Help_PrintsUsageAndEveryOption(string[] command, string usage, string[] options)
    {
        var run = await CliRun.InvokeAsync([.. command, "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(usage, run.Output, StringComparison.Ordinal);
        Assert.All(options, option => Assert.Contains(option, run.Output, StringComparison.Ordinal));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task RunProcess_Help_ExitsZeroWithTheCommandList()
    {
        var run = await CliRun.RunProcessAsync("--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("k8snotify [command] [options]", run.Output, StringComparison.Ordinal);
        Assert.Contains("dlq", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_StatusWithoutId_ExitsTwoWithUsage()
    {
        var run = await CliRun.InvokeAsync("status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage: k8snotify status [options]", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ManifestsAndKubeconfig_ExitsTwoNamingBoth()
    {
        var run = await CliRun.InvokeAsync("status", "x", "--manifests", ".", "--kubeconfig", "k");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--manifests reads a folder and --kubeconfig/--context a cluster", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_MissingKubeconfig_ExitsTwoSuggestingManifests()
    {
        var run = await CliRun.InvokeAsync("status", "x", "--kubeconfig", "/nonexistent/kubeconfig");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no kubeconfig at /nonexistent/kubeconfig", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
