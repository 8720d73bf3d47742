using K8sNotify.Api.Manifests;
using K8sNotify.Cli.Tests.Support;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;

namespace K8sNotify.Cli.Tests.Commands;

/// <summary>The Channel and Templates looked up through an API server (the test double) with a kubeconfig; NATS as in standalone mode.</summary>
[Collection(CliCollection.Name)]
public sealed class ClusterModeTests(CliFixture fixture) : IAsyncLifetime
{
    private FakeKubernetesApiServer _api = null!;
    private string _kubeconfig = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApiServer.StartAsync(TestContext.Current.CancellationToken);
        _api.InstallCrds(RepositoryRoot.Combine("crds"));
        var manifests = ManifestReader.ReadDirectory(fixture.ManifestDirectory);
        manifests.Channels.ForEach(c => _api.Put(c));
        manifests.Templates.ForEach(t => _api.Put(t));
        _kubeconfig = Kubeconfig.Write(Path.Combine(Path.GetTempPath(), $"k8snotify-cli-{Guid.NewGuid():N}.kubeconfig"), _api.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        File.Delete(_kubeconfig);
    }

    [Fact]
    public async Task Send_ChannelFromTheApiServer_PublishesToItsSubjectAndSeesItSent()
    {
        var id = "k-" + Guid.NewGuid().ToString("N")[..12];

        var run = await CliRun.InvokeAsync("send", "--kubeconfig", _kubeconfig, "--namespace", "default", "--channel", fixture.Channel.Name, "--nats", fixture.Nats.Url, "--to", "ada@example.com", "--data", """{"name": "Ada"}""", "--id", id);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("state: sent", run.Output, StringComparison.Ordinal);
        Assert.Contains(_api.Requests(), r => r.Path.EndsWith($"/namespaces/default/channels/{fixture.Channel.Name}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_TemplateFromTheApiServer_RendersIt()
    {
        var run = await CliRun.InvokeAsync("render", "--kubeconfig", _kubeconfig, "--template", "welcome", "--locale", "en", "--data", """{"name": "Ada", "order": 1}""");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("subject: Welcome, Ada", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownChannel_ExitsOneNamingTheNamespaceAndServer()
    {
        var run = await CliRun.InvokeAsync("status", "x", "--kubeconfig", _kubeconfig, "--channel", "missing", "--nats", fixture.Nats.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"no Channel 'missing' in namespace default of {_api.BaseAddress.ToString().TrimEnd('/')}", run.Error, StringComparison.Ordinal);
    }
}
