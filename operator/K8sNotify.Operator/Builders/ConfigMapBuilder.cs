using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Builds the ConfigMap holding a Channel's dispatcher bundle and its dispatchers' current replica count.</summary>
internal static class ConfigMapBuilder
{
    public static V1ConfigMap Build(Channel channel, string bundleJson, int replicas) => new()
    {
        ApiVersion = "v1",
        Kind = V1ConfigMap.KubeKind,
        Metadata = ChildSetBuilder.Metadata(channel, DispatcherNames.Config(channel)),
        Data = new Dictionary<string, string>
        {
            [DispatcherBundle.FileName] = bundleJson,
            [DispatcherBundle.ReplicasFileName] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };
}
