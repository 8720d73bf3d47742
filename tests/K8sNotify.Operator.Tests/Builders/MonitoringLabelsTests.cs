using System.ComponentModel.DataAnnotations;
using k8s.Models;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Tests.Builders;

public sealed class MonitoringLabelsTests
{
    [Theory]
    [InlineData("release=kube-prometheus-stack", "release", "kube-prometheus-stack")]
    [InlineData("app.kubernetes.io/part-of=monitoring", "app.kubernetes.io/part-of", "monitoring")]
    [InlineData("empty=", "empty", "")]
    public void Parse_ValidLabel_SplitsAtTheFirstEquals(string text, string key, string value)
    {
        var label = MonitoringLabels.Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(new KeyValuePair<string, string>(key, value), label);
    }

    [Theory]
    [InlineData("release", "not KEY=VALUE")]
    [InlineData("=value", "not KEY=VALUE")]
    [InlineData("Bad_Prefix/name=x", "prefix")]
    [InlineData("-name=x", "label key")]
    [InlineData("name=-x", "value")]
    public void Parse_InvalidLabel_SaysWhy(string text, string expected)
    {
        var label = MonitoringLabels.Parse(text, out var error);

        Assert.Null(label);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_KeyTheOperatorSets_KeepsTheOperatorsValue()
    {
        var metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "k8snotify-operator" } };

        MonitoringLabels.Apply(metadata, new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "someone", ["release"] = "prom" });

        Assert.Equal("k8snotify-operator", metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("prom", metadata.Labels["release"]);
    }

    [Fact]
    public void DispatcherOptions_InvalidMonitoringLabel_FailsValidation()
    {
        var options = new DispatcherDeploymentOptions { MonitoringLabels = new Dictionary<string, string> { ["release"] = "not valid" } };
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.ErrorMessage!.Contains("MonitoringLabels", StringComparison.Ordinal));
    }
}
