using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Builds the dispatcher bundle of a Channel: its spec and its Templates' and Providers' specs, without cluster bookkeeping.</summary>
public static class BundleBuilder
{
    public static DispatcherBundle Build(ResolvedChannel resolved) => new()
    {
        Channel = new Channel { Metadata = Strip(resolved.Channel.Metadata), Spec = WithoutPodSettings(resolved.Channel.Spec) },
        Templates = [.. resolved.Templates.Select(t => new Template { Metadata = Strip(t.Metadata), Spec = t.Spec })],
        Providers = [.. resolved.Providers.Select(p => new Provider { Metadata = Strip(p.Metadata), Spec = p.Spec })],
    };

    // Indented and without HTML escaping: the ConfigMap is read by people (kubectl get -o yaml, render) as well as by the dispatcher.
    private static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The bundle as the dispatcher reads it (<see cref="DispatcherBundle.FileName"/>): indented JSON ending in a newline.</summary>
    public static string Serialize(DispatcherBundle bundle) =>
        JsonNode.Parse(KubernetesJson.Serialize(bundle))!.ToJsonString(Readable) + "\n";

    /// <summary>
    /// The bundle text the pod-template checksum is computed from: <paramref name="bundleJson"/> without the Channel's and
    /// Providers' <c>spec.suspend</c>. Suspending or resuming then does not roll the dispatchers; the running ones re-read
    /// the bundle and stop or start consuming, which keeps their HTTP API up and their in-flight work intact.
    /// </summary>
    public static string WithoutSuspend(string bundleJson)
    {
        var root = JsonNode.Parse(bundleJson)!.AsObject();
        var removed = (root["channel"]?["spec"] as JsonObject)?.Remove("suspend") ?? false;
        foreach (var provider in root["providers"]?.AsArray() ?? [])
        {
            removed |= (provider?["spec"] as JsonObject)?.Remove("suspend") ?? false;
        }

        return removed ? root.ToJsonString(Readable) + "\n" : bundleJson;
    }

    // Pod settings and the NetworkPolicy are the operator's business (they reach the Deployment and the policy, not the
    // dispatcher): left out, a NetworkPolicy change does not roll the pods and the bundle does not repeat the env.
    private static ChannelSpec WithoutPodSettings(ChannelSpec spec)
    {
        if (spec.Dispatcher is not { PodTemplate: not null } and not { NetworkPolicy: not null })
        {
            return spec;
        }

        var copy = KubernetesJson.Deserialize<ChannelSpec>(KubernetesJson.Serialize(spec));
        copy.Dispatcher!.PodTemplate = null;
        copy.Dispatcher.NetworkPolicy = null;
        return copy;
    }

    // Only identity is kept: resourceVersion, status, managedFields and annotations change without the
    // configuration changing, and would otherwise roll every dispatcher pod on unrelated writes.
    private static V1ObjectMeta Strip(V1ObjectMeta metadata) => new()
    {
        Name = metadata.Name,
        NamespaceProperty = metadata.NamespaceProperty,
    };
}
