using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Where undeliverable and invalid messages go.</summary>
[Description("Where undeliverable and invalid messages are published, with the reason in a header.")]
public sealed class DeadLetterSpec
{
    [JsonPropertyName("subject")]
    [RegularExpression(Patterns.NatsLiteralSubject)]
    [Description("Subject dead letters are published to. Defaults to k8snotify.deadletter.<namespace>.<channel>.")]
    public string? Subject { get; set; }
}
