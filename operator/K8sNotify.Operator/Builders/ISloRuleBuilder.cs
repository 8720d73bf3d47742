using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Supplies the Prometheus rule groups of a Channel's SLOs; the SLO feature plugs its generator in here.</summary>
public interface ISloRuleBuilder
{
    /// <summary>The <c>spec.groups</c> items of the Channel's PrometheusRule; empty when the Channel has no rules.</summary>
    IReadOnlyList<JsonObject> BuildRuleGroups(Channel channel);
}
