using System.Globalization;
using System.Text;
using k8s.Models;

namespace K8sNotify.TestSupport.Kubelet;

/// <summary>
/// Turns a pod template into what a process needs: arguments, environment and volume files, re-rooted under the pod's
/// directory. Absolute paths in args and literal env values that start with a volume's mountPath are prefixed with
/// the pod root (processes share one filesystem here, unlike containers); values equal to a containerPort become the
/// loopback port allocated to the pod (processes share one network namespace too).
/// </summary>
internal static class PodSpecResolver
{
    public const string PodIp = "127.0.0.1";
    public const string NodeName = "kubelet-stand-in";

    public static V1Container Container(V1PodTemplateSpec template) =>
        template.Spec.Containers.FirstOrDefault() ?? throw new ContainerConfigException("the pod template has no container");

    public static IReadOnlyList<string> Args(PodRun pod)
    {
        var container = Container(pod.Template);
        return [.. (container.Args ?? []).Select(a => Rewrite(pod, a))];
    }

    public static async Task<Dictionary<string, string>> EnvironmentAsync(PodRun pod, ApiObjectCache cache, CancellationToken cancellationToken)
    {
        var container = Container(pod.Template);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in container.Env ?? [])
        {
            var value = env.ValueFrom switch
            {
                null => Rewrite(pod, Expand(env.Value ?? string.Empty, result)),
                { FieldRef: { } field } => Field(pod, field.FieldPath),
                { SecretKeyRef: { } secretRef } => await SecretValueAsync(pod.Namespace, secretRef, cache, cancellationToken).ConfigureAwait(false),
                { ConfigMapKeyRef: { } mapRef } => await ConfigMapValueAsync(pod.Namespace, mapRef, cache, cancellationToken).ConfigureAwait(false),
                _ => throw new ContainerConfigException($"env {env.Name}: only value, fieldRef, secretKeyRef and configMapKeyRef are supported"),
            };
            if (value is not null)
            {
                result[env.Name] = value;
            }
        }

        return result;
    }

    /// <summary>Writes every ConfigMap and Secret volume at its mount (atomic swap when the content changed) and creates emptyDirs.</summary>
    public static async Task SyncVolumesAsync(PodRun pod, ApiObjectCache cache, CancellationToken cancellationToken)
    {
        var volumes = (pod.Template.Spec.Volumes ?? []).ToDictionary(v => v.Name, StringComparer.Ordinal);
        foreach (var mount in Container(pod.Template).VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var volume))
            {
                throw new ContainerConfigException($"volumeMount {mount.Name}: no such volume");
            }

            var directory = Reroot(pod, mount.MountPath);
            var files = await VolumeFilesAsync(pod.Namespace, volume, cache, cancellationToken).ConfigureAwait(false);
            if (files is null)
            {
                Directory.CreateDirectory(directory);
                continue;
            }

            pod.VolumeHashes[mount.MountPath] = AtomicVolumeWriter.Write(directory, files, pod.VolumeHashes.GetValueOrDefault(mount.MountPath));
        }
    }

    public static string Reroot(PodRun pod, string absolutePath) => pod.Root + absolutePath;

    private static string Rewrite(PodRun pod, string value)
    {
        foreach (var mountPath in (Container(pod.Template).VolumeMounts ?? []).Select(m => m.MountPath.TrimEnd('/')).OrderByDescending(p => p.Length))
        {
            if (value == mountPath || value.StartsWith(mountPath + "/", StringComparison.Ordinal))
            {
                return Reroot(pod, value);
            }
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && pod.Ports.TryGetValue(port, out var hostPort)
            ? hostPort.ToString(CultureInfo.InvariantCulture)
            : value;
    }

    // $(VAR) references to earlier variables, as the kubelet expands them; $$ escapes.
    private static string Expand(string value, Dictionary<string, string> earlier)
    {
        if (!value.Contains("$(", StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                sb.Append('$');
                i++;
            }
            else if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '(' && value.IndexOf(')', i) is var end and > 0
                && earlier.TryGetValue(value[(i + 2)..end], out var replacement))
            {
                sb.Append(replacement);
                i = end;
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }

    private static string Field(PodRun pod, string path)
    {
        const string labels = "metadata.labels['";
        const string annotations = "metadata.annotations['";
        return path switch
        {
            "metadata.name" => pod.Name,
            "metadata.namespace" => pod.Namespace,
            "metadata.uid" => PodUid(pod),
            "status.podIP" or "status.hostIP" => PodIp,
            "status.podIPs" or "status.hostIPs" => PodIp,
            "spec.nodeName" => NodeName,
            "spec.serviceAccountName" => pod.Template.Spec.ServiceAccountName ?? "default",
            _ when path.StartsWith(labels, StringComparison.Ordinal) =>
                Lookup(pod.Template.Metadata?.Labels, path[labels.Length..^2]),
            _ when path.StartsWith(annotations, StringComparison.Ordinal) =>
                Lookup(pod.Template.Metadata?.Annotations, path[annotations.Length..^2]),
            _ => throw new ContainerConfigException($"fieldRef {path} is not supported"),
        };
    }

    private static string Lookup(IDictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) ? value : string.Empty;

    public static string PodUid(PodRun pod) =>
        new Guid(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(pod.Namespace + "/" + pod.Name))).ToString();

    private static async Task<string?> SecretValueAsync(string ns, V1SecretKeySelector reference, ApiObjectCache cache, CancellationToken cancellationToken)
    {
        var secret = await cache.SecretAsync(ns, reference.Name, cancellationToken).ConfigureAwait(false);
        var data = SecretData(secret);
        if (data is not null && data.TryGetValue(reference.Key, out var bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        return reference.Optional == true
            ? null
            : throw new ContainerConfigException(secret is null ? $"secret \"{reference.Name}\" not found" : $"couldn't find key {reference.Key} in Secret {ns}/{reference.Name}");
    }

    private static async Task<string?> ConfigMapValueAsync(string ns, V1ConfigMapKeySelector reference, ApiObjectCache cache, CancellationToken cancellationToken)
    {
        var map = await cache.ConfigMapAsync(ns, reference.Name, cancellationToken).ConfigureAwait(false);
        if (map?.Data?.TryGetValue(reference.Key, out var value) == true)
        {
            return value;
        }

        return reference.Optional == true
            ? null
            : throw new ContainerConfigException(map is null ? $"configmap \"{reference.Name}\" not found" : $"couldn't find key {reference.Key} in ConfigMap {ns}/{reference.Name}");
    }

    private static Dictionary<string, byte[]>? SecretData(V1Secret? secret)
    {
        if (secret is null)
        {
            return null;
        }

        var data = new Dictionary<string, byte[]>(secret.Data ?? new Dictionary<string, byte[]>(), StringComparer.Ordinal);
        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(value);
        }

        return data;
    }

    private static async Task<Dictionary<string, byte[]>?> VolumeFilesAsync(string ns, V1Volume volume, ApiObjectCache cache, CancellationToken cancellationToken)
    {
        if (volume.ConfigMap is { } mapSource)
        {
            var map = await cache.ConfigMapAsync(ns, mapSource.Name, cancellationToken).ConfigureAwait(false);
            if (map is null)
            {
                return mapSource.Optional == true ? [] : throw new ContainerConfigException($"configmap \"{mapSource.Name}\" not found");
            }

            var data = (map.Data ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);
            foreach (var (key, value) in map.BinaryData ?? new Dictionary<string, byte[]>())
            {
                data[key] = value;
            }

            return Project(data, mapSource.Items, $"ConfigMap {mapSource.Name}");
        }

        if (volume.Secret is { } secretSource)
        {
            var data = SecretData(await cache.SecretAsync(ns, secretSource.SecretName, cancellationToken).ConfigureAwait(false));
            if (data is null)
            {
                return secretSource.Optional == true ? [] : throw new ContainerConfigException($"secret \"{secretSource.SecretName}\" not found");
            }

            return Project(data, secretSource.Items, $"Secret {secretSource.SecretName}");
        }

        if (volume.EmptyDir is not null)
        {
            return null;
        }

        throw new ContainerConfigException($"volume {volume.Name}: only configMap, secret and emptyDir volumes are supported");
    }

    private static Dictionary<string, byte[]> Project(Dictionary<string, byte[]> data, IList<V1KeyToPath>? items, string source)
    {
        if (items is null || items.Count == 0)
        {
            return data;
        }

        var projected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            projected[item.Path] = data.TryGetValue(item.Key, out var value)
                ? value
                : throw new ContainerConfigException($"{source} has no key {item.Key}");
        }

        return projected;
    }
}
