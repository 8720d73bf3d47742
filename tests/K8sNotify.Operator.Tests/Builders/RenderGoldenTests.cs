using K8sNotify.Api.Manifests;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Commands;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Builders;

/// <summary>
/// Golden files of everything the operator applies for each manifest folder (the output of <c>render -f DIR</c>).
/// Read the goldens as a user would: they are the reviewable contract of the builders.
/// To rewrite them after an intended change: <c>UPDATE_GOLDENS=1 dotnet test --project tests/K8sNotify.Operator.Tests</c>,
/// then review the diff.
/// </summary>
public sealed class RenderGoldenTests
{
    private static readonly DispatcherDeploymentOptions Options = new()
    {
        Image = "ghcr.io/k8snotify/dispatcher:0.1.0",
        NatsUrl = "nats://nats.nats.svc:4222",
        NatsCredentialsSecret = "nats-credentials",
        RedisUrl = "redis.redis.svc:6379",
        RedisPasswordSecret = "redis-auth",
        ConsumerPendingMetric = true,
    };

    public static TheoryData<string, string> Folders()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in new[] { "shop", "alerts" })
        {
            data.Add(name, TestManifests.Directory(name));
        }

        // examples/ is one set (kubectl apply -k examples/): Channels there reference Templates and Providers in sibling folders.
        data.Add("examples", RepositoryRoot.Combine("examples"));

        return data;
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Render_ManifestFolder_MatchesGolden(string name, string directory)
    {
        var set = ManifestReader.ReadDirectory(directory);
        if (set.Channels.Count == 0)
        {
            Assert.Skip($"{directory} has no Channel");
        }

        var yaml = RenderCommand.Render(set, Options, ClusterCapabilities.WithPrometheusOperator, GoldenSloRules.Instance, out var problems, out _);
        Assert.Empty(problems);

        var golden = RepositoryRoot.Combine("tests", "K8sNotify.Operator.Tests", "Builders", "golden", name + ".yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDENS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, yaml);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing; run with UPDATE_GOLDENS=1 to create it");
        Assert.Equal(File.ReadAllText(golden), yaml);
    }

    [Fact]
    public void Render_PodSettingsOverOperatorDefaults_MatchesGolden()
    {
        var options = new DispatcherDeploymentOptions
        {
            Image = Options.Image,
            NatsUrl = Options.NatsUrl,
            Defaults = DispatcherDefaults.Load(RepositoryRoot.Combine("tests", "K8sNotify.Operator.Tests", "Builders", "manifests", "dispatcher-defaults.yaml")),
        };
        var set = ManifestReader.ReadDirectory(TestManifests.Directory("podsettings"));

        var yaml = RenderCommand.Render(set, options, ClusterCapabilities.Core, GoldenSloRules.Instance, out var problems, out _);

        Assert.Empty(problems);
        AssertGolden("podsettings", yaml);
    }

    [Fact]
    public void Run_DispatcherDefaultsWithReservedEnv_BadInputNamingTheVariable()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("k8snotify-defaults-").FullName, "defaults.yaml");
        File.WriteAllText(file, "podTemplate:\n  env:\n    - {name: K8SNOTIFY_NATS, value: nats://elsewhere:4222}\n");
        using var stderr = new StringWriter();

        var code = RenderCommand.Run(["-f", RepositoryRoot.Combine("examples"), "--dispatcher-defaults", file], TextWriter.Null, stderr);

        Assert.Equal(RenderCommand.BadInput, code);
        Assert.Contains("K8SNOTIFY_NATS", stderr.ToString(), StringComparison.Ordinal);
    }

    private static void AssertGolden(string name, string yaml)
    {
        var golden = RepositoryRoot.Combine("tests", "K8sNotify.Operator.Tests", "Builders", "golden", name + ".yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(golden, yaml);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing; run with UPDATE_GOLDENS=1 to create it");
        Assert.Equal(File.ReadAllText(golden), yaml);
    }

    [Fact]
    public void Run_MonitoringLabels_LabelEveryServiceMonitorAndPrometheusRule()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = RenderCommand.Run(
            ["-f", RepositoryRoot.Combine("examples"), "--monitoring-label", "release=kube-prometheus-stack", "--monitoring-label", "team=platform"],
            stdout,
            stderr);

        Assert.Equal(RenderCommand.Success, code);
        var documents = YamlJson.ParseDocuments(stdout.ToString());
        var monitoring = documents.Where(d => (string?)d["kind"] is "ServiceMonitor" or "PrometheusRule").ToList();
        Assert.Contains(monitoring, d => (string?)d["kind"] == "PrometheusRule");
        Assert.All(monitoring, d =>
        {
            Assert.Equal("kube-prometheus-stack", (string?)d["metadata"]!["labels"]!["release"]);
            Assert.Equal("platform", (string?)d["metadata"]!["labels"]!["team"]);
        });
        Assert.All(documents.Where(d => (string?)d["kind"] is not ("ServiceMonitor" or "PrometheusRule")), d => Assert.Null(d["metadata"]!["labels"]?["release"]));

        // The golden holds the monitoring objects only; examples.yaml has the rest.
        var yaml = string.Concat(monitoring.Select(d => "---\n" + ManifestWriter.ToYaml(d)));
        var golden = RepositoryRoot.Combine("tests", "K8sNotify.Operator.Tests", "Builders", "golden", "examples-monitoring-labels.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(golden, yaml);
        }

        Assert.Equal(File.ReadAllText(golden), yaml);
    }

    [Theory]
    [InlineData("release")]
    [InlineData("=x")]
    [InlineData("bad key=x")]
    [InlineData("release=not a value")]
    public void Run_InvalidMonitoringLabel_ExitsTwoNamingIt(string label)
    {
        using var stderr = new StringWriter();

        var code = RenderCommand.Run(["-f", TestManifests.Directory("alerts"), "--monitoring-label", label], TextWriter.Null, stderr);

        Assert.Equal(RenderCommand.BadInput, code);
        Assert.Contains("--monitoring-label", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameFolderTwice_ByteIdentical()
    {
        var set = TestManifests.Read("shop");

        var first = RenderCommand.Render(set, Options, ClusterCapabilities.WithPrometheusOperator, NoSloRules.Instance, out _, out _);
        var second = RenderCommand.Render(TestManifests.Read("shop"), Options, ClusterCapabilities.WithPrometheusOperator, NoSloRules.Instance, out _, out _);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Render_OutputReadsBackAsTheSameObjects()
    {
        var yaml = RenderCommand.Render(TestManifests.Read("shop"), Options, ClusterCapabilities.WithPrometheusOperator, NoSloRules.Instance, out _, out _);

        var documents = YamlJson.ParseDocuments(yaml);

        Assert.Equal(["ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor"], documents.Select(d => (string?)d["kind"]));
    }

    [Fact]
    public void Run_TemplateMissing_ReportsOnStderrAndExitsOne()
    {
        var dir = Directory.CreateTempSubdirectory("k8snotify-render-");
        try
        {
            File.Copy(Path.Combine(TestManifests.Directory("shop"), "channel.yaml"), Path.Combine(dir.FullName, "channel.yaml"));
            File.Copy(Path.Combine(TestManifests.Directory("shop"), "providers.yaml"), Path.Combine(dir.FullName, "providers.yaml"));
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();

            var code = RenderCommand.Run(["-f", dir.FullName], stdout, stderr);

            Assert.Equal(RenderCommand.ChannelProblems, code);
            Assert.Contains("TemplateNotFound: Template 'order-confirmation' not found", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Run_MissingFolder_ExitsTwoWithMessage()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = RenderCommand.Run(["-f", "/nonexistent/k8snotify"], stdout, stderr);

        Assert.Equal(RenderCommand.BadInput, code);
        Assert.Contains("does not exist", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_IncludeCrds_PrintsCrdsFirst()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = RenderCommand.Run(["-f", TestManifests.Directory("alerts"), "--include-crds"], stdout, stderr);

        Assert.Equal(RenderCommand.Success, code);
        var kinds = YamlJson.ParseDocuments(stdout.ToString()).Select(d => (string?)d["kind"]).ToList();
        Assert.Equal("CustomResourceDefinition", kinds[0]);
        Assert.Contains("Deployment", kinds);
    }
}
