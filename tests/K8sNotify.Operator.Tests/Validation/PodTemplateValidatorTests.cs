using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Tests.Validation;

public sealed class PodTemplateValidatorTests
{
    [Fact]
    public void Validate_ValidSettings_NoProblems()
    {
        var template = new DispatcherPodTemplate
        {
            Metadata = new DispatcherPodMetadata { Labels = new() { ["team"] = "checkout" }, Annotations = new() { ["example.com/owner"] = "any value at all" } },
            NodeSelector = new() { ["topology.kubernetes.io/zone"] = "eu-west-1a" },
            Env = [new V1EnvVar { Name = "DOTNET_gcServer", Value = "0" }, new V1EnvVar { Name = "http.proxy", Value = "x" }],
        };

        Assert.Empty(PodTemplateValidator.Validate(template, "spec.dispatcher.podTemplate"));
        Assert.Empty(PodTemplateValidator.Validate(null, "spec.dispatcher.podTemplate"));
    }

    [Theory]
    [InlineData("K8SNOTIFY_NATS", "reserved")]
    [InlineData("k8snotify_log_format", "reserved")]
    [InlineData("K8SNOTIFY_SECRET_SMTP_PASSWORD", "reserved")]
    [InlineData("1ST", "not a valid variable name")]
    [InlineData("", "not a valid variable name")]
    public void Validate_BadEnvName_ProblemNamesIt(string name, string expected)
    {
        var template = new DispatcherPodTemplate { Env = [new V1EnvVar { Name = name, Value = "x" }] };

        var problem = Assert.Single(PodTemplateValidator.Validate(template, "spec.dispatcher.podTemplate"));

        Assert.StartsWith("spec.dispatcher.podTemplate.env: '" + name + "'", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateEnvBadLabelsAnnotationsAndNodeSelector_EveryProblemReported()
    {
        var template = new DispatcherPodTemplate
        {
            Metadata = new DispatcherPodMetadata { Labels = new() { ["team"] = "has spaces" }, Annotations = new() { ["-bad-"] = "x" } },
            NodeSelector = new() { ["Bad_Prefix/zone"] = "a" },
            Env = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "A", Value = "2" }],
            ImagePullSecrets = [new V1LocalObjectReference()],
        };

        var problems = PodTemplateValidator.Validate(template, "p");

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("p.metadata.labels: label 'team'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("p.metadata.annotations: annotation key '-bad-'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("p.nodeSelector: label key 'Bad_Prefix/zone'", StringComparison.Ordinal));
        Assert.Contains("p.env: 'A' is set twice", problems);
        Assert.Contains("p.imagePullSecrets: an entry has no name", problems);
    }
}
