using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace K8sNotify.Operator.Builders;

/// <summary>A Prometheus Operator object (ServiceMonitor, PrometheusRule) kept generic so the operator needs no CRD types for it.</summary>
public sealed class MonitoringObject : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "monitoring.coreos.com";
    public const string Version = "v1";
    public const string GroupVersion = Group + "/" + Version;
    public const string ServiceMonitorKind = "ServiceMonitor";
    public const string ServiceMonitorPlural = "servicemonitors";
    public const string PrometheusRuleKind = "PrometheusRule";
    public const string PrometheusRulePlural = "prometheusrules";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public JsonObject Spec { get; set; } = [];
}
