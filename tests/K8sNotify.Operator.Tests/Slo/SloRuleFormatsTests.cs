using System.Text.Json;
using System.Text.Json.Nodes;
using K8sNotify.Api.Manifests;
using K8sNotify.Operator.Slo;

namespace K8sNotify.Operator.Tests.Slo;

public sealed class SloRuleFormatsTests
{
    [Fact]
    public void ToPrometheusRule_ChannelWithUid_IsNamedAfterTheChannelAndOwnedByIt()
    {
        var channel = SloTestChannels.Standard();
        channel.Metadata.Uid = "0b4a9f5e-1111-2222-3333-444455556666";

        var rule = SloRuleFormats.ToPrometheusRule(channel, SloRuleGenerator.Generate(channel))!;

        Assert.Equal("monitoring.coreos.com/v1", (string?)rule["apiVersion"]);
        Assert.Equal("PrometheusRule", (string?)rule["kind"]);
        Assert.Equal("orders-slo", (string?)rule["metadata"]!["name"]);
        Assert.Equal("shop", (string?)rule["metadata"]!["namespace"]);
        Assert.Equal(channel.Metadata.Uid, (string?)rule["metadata"]!["ownerReferences"]![0]!["uid"]);
        Assert.Equal(3, rule["spec"]!["groups"]!.AsArray().Count);
    }

    [Fact]
    public void ToPrometheusRule_InvalidSlo_ReturnsNull()
    {
        var channel = SloTestChannels.Standard(threshold: "300ms");

        Assert.Null(SloRuleFormats.ToPrometheusRule(channel, SloRuleGenerator.Generate(channel)));
    }

    [Fact]
    public void ToRuleFile_ReadBack_KeepsEveryRuleAndTheBudgetGroupInterval()
    {
        var result = SloRuleGenerator.Generate(SloTestChannels.Standard());

        var yaml = SloRuleFormats.ToRuleFile(result.Groups);
        var doc = Assert.Single(YamlJson.ParseDocuments(yaml));

        var groups = doc["groups"]!.AsArray();
        Assert.Equal(result.Groups.Select(g => g.Name), groups.Select(g => (string?)g!["name"]));
        Assert.Equal("2m", (string?)groups[1]!["interval"]);
        var rules = groups.SelectMany(g => g!["rules"]!.AsArray()).Cast<JsonObject>().ToList();
        Assert.Equal(result.Rules.Count(), rules.Count);
        Assert.Equal(result.Rules.Select(r => r.Expr), rules.Select(r => (string?)r["expr"]));
        Assert.All(rules, r => Assert.All(r["labels"]!.AsObject(), l => Assert.Equal(JsonValueKind.String, l.Value!.GetValueKind())));
    }
}
