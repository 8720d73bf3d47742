using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Runtime;

namespace K8sNotify.Cli.Targets;

/// <summary>Channels and Templates read from a cluster's API server with the credentials of a kubeconfig.</summary>
internal sealed class ClusterResources(IKubernetes client, string @namespace, string server) : IResourceSource
{
    public string Namespace => @namespace;

    public string Description => $"namespace {@namespace} of {server}";

    /// <summary>Opens the kubeconfig (its current context unless <paramref name="context"/> names another).</summary>
    public static ClusterResources Open(string? kubeconfig, string? context, string? @namespace)
    {
        var path = kubeconfig ?? KubeConfigLocation.Resolve();
        if (!File.Exists(path))
        {
            throw new CliException($"no kubeconfig at {path}: pass --kubeconfig FILE for a cluster, or --manifests DIR for standalone manifests", ExitCodes.BadInput);
        }

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: context);
        }
        catch (KubeConfigException e)
        {
            throw new CliException($"kubeconfig {path}: {e.Message}", ExitCodes.BadInput);
        }

        return new ClusterResources(new Kubernetes(config), @namespace ?? config.Namespace ?? "default", config.Host);
    }

    public async Task<IReadOnlyList<Channel>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<KubernetesList<Channel>>(
            ApiGroup.Group, ApiGroup.Version, @namespace, ApiGroup.ChannelPlural, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. list.Items ?? []];
    }

    public Task<Channel?> GetChannelAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<Channel>(ApiGroup.ChannelPlural, name, cancellationToken);

    public Task<Template?> GetTemplateAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<Template>(ApiGroup.TemplatePlural, name, cancellationToken);

    public void Dispose() => client.Dispose();

    private async Task<T?> GetAsync<T>(string plural, string name, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<T>(ApiGroup.Group, ApiGroup.Version, @namespace, plural, name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
