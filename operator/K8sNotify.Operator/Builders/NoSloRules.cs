using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>An <see cref="ISloRuleBuilder"/> that generates no rules, used until an SLO rule generator is registered.</summary>
public sealed class NoSloRules : ISloRuleBuilder
{
    public static readonly NoSloRules Instance = new();

    public IReadOnlyList<JsonObject> BuildRuleGroups(Channel channel) => [];
}
