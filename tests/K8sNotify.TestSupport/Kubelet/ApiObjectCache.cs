using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sNotify.TestSupport.Kubelet;

/// <summary>The Secrets and ConfigMaps one sync pass reads, each fetched once from the API server.</summary>
internal sealed class ApiObjectCache(IKubernetes client)
{
    private readonly Dictionary<(string, string), V1Secret?> _secrets = [];
    private readonly Dictionary<(string, string), V1ConfigMap?> _configMaps = [];

    public async Task<V1Secret?> SecretAsync(string ns, string name, CancellationToken cancellationToken)
    {
        if (!_secrets.TryGetValue((ns, name), out var secret))
        {
            secret = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            _secrets[(ns, name)] = secret;
        }

        return secret;
    }

    public async Task<V1ConfigMap?> ConfigMapAsync(string ns, string name, CancellationToken cancellationToken)
    {
        if (!_configMaps.TryGetValue((ns, name), out var map))
        {
            map = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            _configMaps[(ns, name)] = map;
        }

        return map;
    }

    private static async Task<T?> GetOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
