using System.Text.Json.Nodes;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Builds the Prometheus Operator objects of a Channel: its ServiceMonitor and its SLO PrometheusRule.</summary>
internal static class MonitoringBuilder
{
    public const string ScrapeInterval = "30s";

    public static MonitoringObject ServiceMonitor(Channel channel, DispatcherDeploymentOptions options)
    {
        var selector = new JsonObject();
        foreach (var (k, v) in DispatcherNames.Selector(channel))
        {
            selector[k] = v;
        }

        return new MonitoringObject
        {
            Kind = MonitoringObject.ServiceMonitorKind,
            Metadata = MonitoringLabels.Apply(ChildSetBuilder.Metadata(channel, DispatcherNames.Dispatcher(channel)), options.MonitoringLabels),
            Spec = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = selector },
                ["endpoints"] = new JsonArray(new JsonObject
                {
                    ["port"] = DispatcherNames.HttpPortName,
                    ["path"] = DispatcherContainer.MetricsPath,
                    ["interval"] = ScrapeInterval,
                }),
            },
        };
    }

    public static MonitoringObject PrometheusRule(Channel channel, IReadOnlyList<JsonObject> groups, DispatcherDeploymentOptions options) => new()
    {
        Kind = MonitoringObject.PrometheusRuleKind,
        Metadata = MonitoringLabels.Apply(ChildSetBuilder.Metadata(channel, DispatcherNames.SloRule(channel)), options.MonitoringLabels),
        Spec = new JsonObject { ["groups"] = new JsonArray([.. groups.Select(g => g.DeepClone())]) },
    };
}
