using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;

namespace K8sNotify.ControlPlane.Tests;

/// <summary>One API server double with the repository's CRDs installed, a kubeconfig for it and a kubectl that uses it.</summary>
internal sealed class ControlPlane : IAsyncDisposable
{
    private readonly string _directory;

    private ControlPlane(FakeKubernetesApiServer api, string directory)
    {
        Api = api;
        _directory = directory;
        Kubectl = new Kubectl(Path.Combine(directory, "kubeconfig"), Path.Combine(directory, "cache"));
    }

    public FakeKubernetesApiServer Api { get; }

    public Kubectl Kubectl { get; }

    public string Directory => _directory;

    public static async Task<ControlPlane> StartAsync()
    {
        var api = await FakeKubernetesApiServer.StartAsync().ConfigureAwait(false);
        api.InstallCrds(RepositoryRoot.Combine("crds"));
        var directory = System.IO.Directory.CreateTempSubdirectory("k8snotify-kubectl-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "kubeconfig"), api.Kubeconfig()).ConfigureAwait(false);
        return new ControlPlane(api, directory);
    }

    /// <summary>Writes <paramref name="yaml"/> to a file in this control plane's folder and returns its path.</summary>
    public string Manifest(string name, string yaml)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // kubectl's cache may still be written by a killed run; the temp folder is cleaned later.
        }
    }
}
