using System.ComponentModel.DataAnnotations;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Tests.Builders;

public sealed class DispatcherDefaultsTests
{
    [Fact]
    public void Parse_ChartJson_PodTemplateAndNetworkPolicy()
    {
        var defaults = DispatcherDefaults.Parse(
            """{"podTemplate":{"priorityClassName":"notifications","tolerations":[{"key":"spot","operator":"Exists"}]},"networkPolicy":{"enabled":true,"egress":[{"ports":[{"port":53,"protocol":"UDP"}]}]}}""",
            "inline");

        Assert.Equal("notifications", defaults.PodTemplate!.PriorityClassName);
        Assert.Equal("spot", Assert.Single(defaults.PodTemplate.Tolerations!).Key);
        Assert.True(defaults.NetworkPolicy!.Enabled);
        Assert.Equal("53", Assert.Single(Assert.Single(defaults.NetworkPolicy.Egress!).Ports).Port.Value);
    }

    [Theory]
    [InlineData("podTemplates: {}", "podTemplates")]
    [InlineData("podTemplate: [unclosed", "dispatcher defaults inline")]
    [InlineData("podTemplate: {env: [{name: K8SNOTIFY_REDIS, value: x}]}", "K8SNOTIFY_REDIS")]
    public void Parse_BadText_InvalidDataNamingTheProblem(string text, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => DispatcherDefaults.Parse(text, "inline"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BadInlineDefaults_ValidationNamesTheSetting()
    {
        var options = new DispatcherDeploymentOptions { DefaultsYaml = "podTemplate: {env: [{name: K8SNOTIFY_NATS, value: x}]}" };

        options.LoadDefaultsFile();
        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.ErrorMessage!.StartsWith("DefaultsFile: dispatcher defaults DefaultsYaml:", StringComparison.Ordinal) && r.ErrorMessage.Contains("K8SNOTIFY_NATS", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_MissingFile_ValidationNamesThePath()
    {
        var options = new DispatcherDeploymentOptions { DefaultsFile = "/nonexistent/dispatcher-defaults.yaml" };

        options.LoadDefaultsFile();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Contains(results, r => r.ErrorMessage!.Contains("/nonexistent/dispatcher-defaults.yaml", StringComparison.Ordinal));
    }
}
