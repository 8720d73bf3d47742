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

    public JsonObject ToJson(string ruleFile) => new()
    {
        ["rule_files"] = new JsonArray(ruleFile),
        ["evaluation_interval"] = Durations.Format(evaluationInterval ?? interval),
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
