using System.Text.Json.Nodes;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Slo;

/// <summary>Writes generated rule groups as Prometheus rule-file groups, a monitoring.coreos.com/v1 PrometheusRule, or a plain rule file.</summary>
public static class SloRuleFormats
{
    public const string PrometheusRuleApiVersion = "monitoring.coreos.com/v1";
    public const string PrometheusRuleKind = "PrometheusRule";

    /// <summary>The groups in the shape of a rule file's (and a PrometheusRule's <c>spec</c>) <c>groups</c> list.</summary>
    public static IReadOnlyList<JsonObject> ToRuleGroups(IEnumerable<RuleGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return [.. groups.Select(ToJson)];
    }

    /// <summary>
    /// The PrometheusRule <c>&lt;channel&gt;-slo</c> in the Channel's namespace, owned by the Channel when it has a uid
    /// (in a cluster); null when the result has no rules (no SLO, or an invalid one).
    /// </summary>
    public static JsonObject? ToPrometheusRule(Channel channel, SloRuleResult result)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.HasRules)
        {
            return null;
        }

        var metadata = new JsonObject
        {
            ["name"] = SloNames.PrometheusRule(channel.Metadata.Name),
            ["namespace"] = channel.Metadata.NamespaceProperty ?? "default",
            // The same labels as the operator's other children of this Channel, so selectors and cleanup treat it alike.
            ["labels"] = new JsonObject(DispatcherNames.Labels(channel).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
        };
        if (!string.IsNullOrEmpty(channel.Metadata.Uid))
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = ApiGroup.ApiVersion,
                ["kind"] = ApiGroup.ChannelKind,
                ["name"] = channel.Metadata.Name,
                ["uid"] = channel.Metadata.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = PrometheusRuleApiVersion,
            ["kind"] = PrometheusRuleKind,
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["groups"] = new JsonArray([.. ToRuleGroups(result.Groups)]) },
        };
    }

    /// <summary>A Prometheus rule file (<c>groups:</c> …) for users without the Prometheus Operator; <c>promtool check rules</c> accepts it.</summary>
    public static string ToRuleFile(IEnumerable<RuleGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return ManifestWriter.ToYaml(new JsonObject { ["groups"] = new JsonArray([.. ToRuleGroups(groups)]) });
    }

    private static JsonObject ToJson(RuleGroup group)
    {
        var obj = new JsonObject { ["name"] = group.Name };
        if (group.Interval is { } interval)
        {
            obj["interval"] = Durations.Format(interval);
        }

        obj["rules"] = new JsonArray([.. group.Rules.Select(ToJson)]);
        return obj;
    }

    private static JsonObject ToJson(PrometheusRuleEntry rule) => rule switch
    {
        RecordingRule r => new JsonObject
        {
            ["record"] = r.Record,
            ["expr"] = r.Expr,
            ["labels"] = ToJson(r.Labels),
        },
        AlertingRule a => new JsonObject
        {
            ["alert"] = a.Alert,
            ["expr"] = a.Expr,
            ["for"] = Durations.Format(a.For),
            ["labels"] = ToJson(a.Labels),
            ["annotations"] = ToJson(a.Annotations),
        },
        _ => throw new ArgumentException($"unknown rule type {rule.GetType().Name}", nameof(rule)),
    };

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            obj[key] = value;
        }

        return obj;
    }
}
