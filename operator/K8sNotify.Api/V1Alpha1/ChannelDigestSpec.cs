using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>How a Channel combines notifications for one recipient into a single digest delivery.</summary>
[Description("Digest: notifications for the same recipient (and key) within the window are combined into one delivery rendered by the digest Template.")]
public sealed class ChannelDigestSpec
{
    [JsonPropertyName("window")]
    [Required]
    [RegularExpression(Patterns.Duration)]
    [Description("How long a digest collects notifications after its first one, between 1s and 7d.")]
    public string Window { get; set; } = "";

    [JsonPropertyName("maxItems")]
    [Range(1, 1000)]
    [DefaultValue(100)]
    [Description("A digest is released as soon as it holds this many notifications, before its window closes.")]
    public int MaxItems { get; set; } = 100;

    [JsonPropertyName("template")]
    [Required]
    [RegularExpression(Patterns.ObjectName)]
    [Description("The Template that renders the digest (data.items lists the combined notifications); it must be one of spec.templates and is itself never digested.")]
    public string Template { get; set; } = "";

    [JsonPropertyName("key")]
    [RegularExpression(Patterns.DataPath)]
    [Description("A field of the notification's data (dotted path, such as project.id) that splits a recipient's digests; notifications without it share one digest.")]
    public string? Key { get; set; }
}
