using K8sNotify.Api.Manifests;
using K8sNotify.Operator.Commands;
using K8sNotify.Operator.Slo;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Slo;

public sealed class SloRulesCommandTests
{
    private const string ChannelWithBadThreshold = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Channel
        metadata:
          name: slow
          namespace: shop
        spec:
          type: email
          subjects: [shop.slow]
          templates: [order-confirmation]
          providers: [{name: mail-relay}]
          slo:
            availability: "99.9"
            latency: {threshold: 300ms, objective: "99"}
        """;

    [Fact]
    public void Run_ExamplesAsRuleFilesIntoFolder_WritesOneReadableFilePerChannelWithSlo()
    {
        using var output = new TempDirectory();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = SloRulesCommand.Run(["-f", RepositoryRoot.Combine("examples"), "--format", "rule-file", "-o", output.Path], stdout, stderr);

        Assert.Equal(SloRulesCommand.Success, code);
        var withSlo = ManifestReader.ReadDirectory(RepositoryRoot.Combine("examples")).Channels.Where(c => c.Spec.Slo is not null).ToList();
        Assert.NotEmpty(withSlo);
        foreach (var channel in withSlo)
        {
            var file = Path.Combine(output.Path, $"{channel.Metadata.NamespaceProperty}-{channel.Metadata.Name}-slo.yaml");
            var doc = Assert.Single(YamlJson.ParseDocuments(File.ReadAllText(file)));
            Assert.NotEmpty(doc["groups"]!.AsArray());
        }
    }

    [Fact]
    public void Run_PrometheusRuleFormat_PrintsOnePrometheusRulePerChannel()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = SloRulesCommand.Run(["-f", RepositoryRoot.Combine("examples")], stdout, stderr);

        Assert.Equal(SloRulesCommand.Success, code);
        var docs = YamlJson.ParseDocuments(stdout.ToString());
        Assert.NotEmpty(docs);
        Assert.All(docs, d => Assert.Equal("PrometheusRule", (string?)d["kind"]));
    }

    [Fact]
    public void Run_ThresholdNotABucket_ReportsReasonAndExitsOne()
    {
        using var input = new TempDirectory();
        File.WriteAllText(Path.Combine(input.Path, "channel.yaml"), ChannelWithBadThreshold);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = SloRulesCommand.Run(["-f", input.Path], stdout, stderr);

        Assert.Equal(SloRulesCommand.ChannelProblems, code);
        Assert.Contains("Channel shop/slow: SloThresholdNotABucket: slo.latency.threshold 300ms is not a histogram bucket", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public void Render_ThresholdNotABucket_ReportsTheSloReasonAndRendersAllButTheRules()
    {
        using var input = new TempDirectory();
        File.WriteAllText(Path.Combine(input.Path, "channel.yaml"), ChannelWithBadThreshold);
        File.Copy(Path.Combine(TestManifests.Directory("shop"), "providers.yaml"), Path.Combine(input.Path, "providers.yaml"));
        File.Copy(Path.Combine(TestManifests.Directory("shop"), "templates.yaml"), Path.Combine(input.Path, "templates.yaml"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = RenderCommand.Run(["-f", input.Path], stdout, stderr);

        Assert.Equal(RenderCommand.ChannelProblems, code);
        Assert.Contains("SloThresholdNotABucket: slo.latency.threshold 300ms is not a histogram bucket; use one of 5ms,", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("kind: Deployment", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("kind: PrometheusRule", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoFolder_ExitsTwoWithUsage()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = SloRulesCommand.Run(["--format", "rule-file"], stdout, stderr);

        Assert.Equal(SloRulesCommand.BadInput, code);
        Assert.Contains("usage:", stderr.ToString(), StringComparison.Ordinal);
    }
}
