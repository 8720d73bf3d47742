using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Tests.Builders;

/// <summary>The SLO rule generator the goldens use; the operator's own generator replaces this once the SLO feature provides one.</summary>
internal sealed class GoldenSloRules : ISloRuleBuilder
{
    public static readonly GoldenSloRules Instance = new();

    public IReadOnlyList<JsonObject> BuildRuleGroups(Channel channel) => NoSloRules.Instance.BuildRuleGroups(channel);
}
