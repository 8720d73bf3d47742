using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Slo;

/// <summary>
/// The operator's <see cref="ISloRuleBuilder"/>: the PrometheusRule groups of <see cref="SloRuleGenerator"/> and the
/// Channel's operational alerts (<see cref="OperationalRuleGenerator"/>, also for Channels without an SLO). An invalid
/// SLO yields no groups here, so the rules applied before stay; <see cref="ChannelResolver"/> reports its reason (<see cref="Resolution.SloProblem"/>) and the
/// Channel controller shows it in the SloReady condition while the dispatchers keep running.
/// </summary>
public sealed class SloRuleBuilder : ISloRuleBuilder
{
    public static readonly SloRuleBuilder Instance = new();

    public IReadOnlyList<JsonObject> BuildRuleGroups(Channel channel)
    {
        var slo = SloRuleGenerator.Generate(channel);
        return slo.IsValid ? SloRuleFormats.ToRuleGroups([.. slo.Groups, OperationalRuleGenerator.Generate(channel)]) : [];
    }
}
