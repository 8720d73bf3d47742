using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.Secrets;

/// <summary>Looks a Secret key up in the environment, then in mounted files, then (standalone) in Secret manifests.</summary>
public sealed class SecretResolver : ISecretResolver
{
    private readonly Func<string, string?> _environment;
    private readonly string? _mountRoot;
    private readonly IReadOnlyDictionary<(string Name, string Key), string> _manifestValues;

    public SecretResolver(Func<string, string?> environment, string? mountRoot, IReadOnlyDictionary<(string Name, string Key), string>? manifestValues = null)
    {
        _environment = environment;
        _mountRoot = mountRoot;
        _manifestValues = manifestValues ?? new Dictionary<(string, string), string>();
    }

    /// <summary>Cluster mode: environment variables and files under <see cref="SecretLocations.MountRoot"/>.</summary>
    public static SecretResolver ForCluster(Func<string, string?> environment, string mountRoot = SecretLocations.MountRoot) =>
        new(environment, mountRoot);

    /// <summary>Standalone mode: environment variables, then the data or stringData of Secret manifests in the Channel's namespace.</summary>
    public static SecretResolver ForManifests(Func<string, string?> environment, IEnumerable<V1Secret> secrets, string @namespace)
    {
        var values = new Dictionary<(string, string), string>();
        foreach (var secret in secrets.Where(s => (s.Metadata.NamespaceProperty ?? @namespace) == @namespace))
        {
            foreach (var (key, bytes) in secret.Data ?? new Dictionary<string, byte[]>())
            {
                values[(secret.Metadata.Name, key)] = System.Text.Encoding.UTF8.GetString(bytes);
            }

            // stringData wins, as the API server merges it over data.
            foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
            {
                values[(secret.Metadata.Name, key)] = value;
            }
        }

        return new SecretResolver(environment, null, values);
    }

    public string? TryResolve(SecretKeyReference reference)
    {
        if (_environment(SecretLocations.EnvironmentVariable(reference)) is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (_mountRoot is not null)
        {
            var file = SecretLocations.FilePath(_mountRoot, reference);
            if (File.Exists(file))
            {
                return File.ReadAllText(file).TrimEnd('\r', '\n');
            }
        }

        return _manifestValues.TryGetValue((reference.Name, reference.Key), out var value) ? value : null;
    }

    public IReadOnlyDictionary<string, string> ResolveAll(string secretName)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ((name, key), value) in _manifestValues)
        {
            if (name == secretName)
            {
                values[key] = value;
            }
        }

        if (_mountRoot is not null && Directory.Exists(Path.Combine(_mountRoot, secretName)))
        {
            // Kubernetes mounts keys as symlinks next to hidden ..data folders; those are not keys.
            foreach (var file in Directory.EnumerateFiles(Path.Combine(_mountRoot, secretName)))
            {
                var key = Path.GetFileName(file);
                if (!key.StartsWith('.'))
                {
                    values[key] = File.ReadAllText(file).TrimEnd('\r', '\n');
                }
            }
        }

        return values;
    }
}
