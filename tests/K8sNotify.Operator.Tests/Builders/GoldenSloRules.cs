using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Slo;

namespace K8sNotify.Operator.Tests.Builders;

/// <summary>The SLO rule generator the goldens use: the operator's own, so the goldens show each Channel's PrometheusRule.</summary>
internal sealed class GoldenSloRules : ISloRuleBuilder
{
    public static readonly GoldenSloRules Instance = new();

    public IReadOnlyList<JsonObject> BuildRuleGroups(Channel channel) => SloRuleBuilder.Instance.BuildRuleGroups(channel);
}
