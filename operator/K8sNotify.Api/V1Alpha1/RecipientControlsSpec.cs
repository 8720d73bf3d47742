using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>How a Channel honours recipients: one-click unsubscribe links and how long suppression-list entries last.</summary>
[Description("Recipient controls of the Channel: one-click unsubscribe links (email) and the suppression list.")]
public sealed class RecipientControlsSpec
{
    [JsonPropertyName("unsubscribe")]
    [Description("One-click unsubscribe (RFC 8058) for mail in opt-outable categories.")]
    public UnsubscribeSpec? Unsubscribe { get; set; }

    [JsonPropertyName("suppressionTtl")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("8760h")]
    [Description("How long a dead address stays on the Channel's suppression list before it is tried again.")]
    public string SuppressionTtl { get; set; } = "8760h";
}
