using System.Text.Json.Nodes;
using K8sNotify.Api.Conventions;
using K8sNotify.Operator.Slo;

namespace K8sNotify.Operator.Tests.Slo;

/// <summary>Writes a <c>promtool test rules</c> file: one test group of input series, alert expectations and PromQL expectations.</summary>
internal sealed class PromtoolRuleTest(TimeSpan interval, TimeSpan? evaluationInterval = null)
{
    private readonly JsonArray _series = [];
    private readonly JsonArray _alerts = [];
    private readonly JsonArray _exprs = [];

    public PromtoolRuleTest WithSeries(IEnumerable<(string Series, string Values)> series)
    {
        foreach (var (name, values) in series)
        {
            _series.Add(new JsonObject { ["series"] = name, ["values"] = values });
        }

        return this;
    }

    /// <summary>Expects no firing alert of one name at one time.</summary>
    public PromtoolRuleTest ExpectNoAlerts(TimeSpan at, string alert) => ExpectAlerts(at, alert);

    /// <summary>Expects exactly these firing alerts of one name at one time, with their rendered annotations.</summary>
    public PromtoolRuleTest ExpectAlerts(TimeSpan at, string alert, params (AlertingRule Rule, IReadOnlyDictionary<string, string> Annotations)[] firing)
    {
        var expected = new JsonArray();
        foreach (var (rule, annotations) in firing)
        {
            expected.Add(new JsonObject
            {
                ["exp_labels"] = ToJson(rule.Labels),
                ["exp_annotations"] = ToJson(annotations),
            });
        }

        _alerts.Add(new JsonObject { ["eval_time"] = Durations.Format(at), ["alertname"] = alert, ["exp_alerts"] = expected });
        return this;
    }

    public PromtoolRuleTest ExpectSample(TimeSpan at, string expr, string labels, double value)
    {
        _exprs.Add(new JsonObject
        {
            ["expr"] = expr,
            ["eval_time"] = Durations.Format(at),
            ["exp_samples"] = new JsonArray(new JsonObject { ["labels"] = labels, ["value"] = value }),
        });
        return this;
    }

    /// <summary>The test file; groups are evaluated in the given order (as Prometheus effectively does over time).</summary>
    public JsonObject ToJson(string ruleFile, IEnumerable<string> groupOrder) => new()
    {
        ["rule_files"] = new JsonArray(ruleFile),
        ["evaluation_interval"] = Durations.Format(evaluationInterval ?? interval),
        // Without an order promtool evaluates groups in map order: alerts could read recordings from a step before,
        // which a 15m step makes older than the 5m lookback, so the outcome would depend on chance.
        ["group_eval_order"] = new JsonArray([.. groupOrder.Select(g => (JsonNode)g)]),
        ["tests"] = new JsonArray(new JsonObject
        {
            ["interval"] = Durations.Format(interval),
            ["input_series"] = _series.DeepClone(),
            ["alert_rule_test"] = _alerts.DeepClone(),
            ["promql_expr_test"] = _exprs.DeepClone(),
        }),
    };

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in map)
        {
            obj[k] = v;
        }

        return obj;
    }
}
