using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Controllers;

/// <summary>Writes the status subresource of K8sNotify objects, and only when it changed.</summary>
public sealed class StatusWriter(IKubernetes client)
{
    /// <summary>True when the two statuses serialize alike (nothing to write).</summary>
    public static bool Same(object? before, object? after) =>
        KubernetesJson.Serialize(before) == KubernetesJson.Serialize(after);

    /// <summary>Replaces <c>status</c> with a merge patch on the status subresource.</summary>
    public async Task WriteAsync<T>(T obj, object status, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var plural = obj.Kind switch
        {
            ApiGroup.ChannelKind => ApiGroup.ChannelPlural,
            ApiGroup.TemplateKind => ApiGroup.TemplatePlural,
            _ => ApiGroup.ProviderPlural,
        };

        // A merge patch replaces lists wholesale, so the conditions written are exactly the ones computed.
        var body = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(body, V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, obj.Metadata.NamespaceProperty, plural, obj.Metadata.Name,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
