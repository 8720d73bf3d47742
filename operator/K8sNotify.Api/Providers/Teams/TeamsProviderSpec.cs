using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Settings of Microsoft Teams: a Workflows (or legacy incoming) webhook that posts Adaptive Cards to a channel.</summary>
[Description("Settings of Microsoft Teams through a Workflows or incoming webhook.")]
public sealed class TeamsProviderSpec
{
    [Required]
    [JsonPropertyName("webhookUrlSecretRef")]
    [Description("Secret key holding the webhook URL of a \"Post to a channel when a webhook request is received\" workflow; the URL is a credential.")]
    public SecretKeyReference WebhookUrlSecretRef { get; set; } = new();
}
