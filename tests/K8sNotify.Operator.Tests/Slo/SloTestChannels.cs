using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Tests.Slo;

/// <summary>Channels with SLOs for the generator tests.</summary>
internal static class SloTestChannels
{
    public const string Name = "orders";
    public const string Namespace = "shop";

    public static Channel With(SloSpec? slo, string name = Name, string ns = Namespace) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new ChannelSpec
        {
            Type = ChannelType.Email,
            Subjects = ["shop.orders"],
            Templates = ["order-confirmation"],
            Providers = [new ChannelProviderReference { Name = "smtp" }],
            Slo = slo,
        },
    };

    /// <summary>The standard example SLO: 99.9% available, 99% under 500ms, over 30d.</summary>
    public static Channel Standard(string window = "30d", string threshold = "500ms") => With(new SloSpec
    {
        Availability = "99.9",
        Latency = new LatencyObjective { Threshold = threshold, Objective = "99" },
        Window = window,
    });
}
