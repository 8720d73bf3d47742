using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Builds the Service that exposes a Channel's dispatchers' HTTP port (metrics, health, submission API).</summary>
internal static class ServiceBuilder
{
    public static V1Service Build(Channel channel) => new()
    {
        ApiVersion = "v1",
        Kind = V1Service.KubeKind,
        Metadata = ChildSetBuilder.Metadata(channel, DispatcherNames.Dispatcher(channel)),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = DispatcherNames.Selector(channel),
            Ports =
            [
                new V1ServicePort
                {
                    Name = DispatcherNames.HttpPortName,
                    Port = DispatcherNames.HttpPort,
                    TargetPort = DispatcherNames.HttpPortName,
                    Protocol = "TCP",
                },
            ],
        },
    };
}
