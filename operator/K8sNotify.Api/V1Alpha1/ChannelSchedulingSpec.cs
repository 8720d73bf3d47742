using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>How far ahead a Channel accepts scheduled notifications and how long its park store keeps waiting ones.</summary>
[Description("Scheduling: how far ahead sendAt may be, and how long the park store keeps notifications that wait.")]
public sealed class ChannelSchedulingSpec
{
    [JsonPropertyName("horizon")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("30d")]
    [Description("Latest sendAt accepted, relative to the time of publishing; a later sendAt is refused (HTTP 400 or dead letter). At most 366d.")]
    public string Horizon { get; set; } = "30d";

    [JsonPropertyName("retention")]
    [RegularExpression(Patterns.Duration)]
    [Description("How long the park store keeps a waiting notification. Defaults to the horizon plus 1d; must exceed the horizon by at least 1h.")]
    public string? Retention { get; set; }
}
