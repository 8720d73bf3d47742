using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>A receiver of every status transition of a Channel's notifications.</summary>
[Description("Receiver of every status transition of the Channel's notifications, HMAC-signed.")]
public sealed class StatusWebhookSpec
{
    [Required]
    [JsonPropertyName("url")]
    [RegularExpression(Patterns.HttpUrl)]
    [Description("URL each status transition is POSTed to.")]
    public string Url { get; set; } = "";

    [Required]
    [JsonPropertyName("secretRef")]
    [Description("Secret key holding the HMAC signing key.")]
    public SecretKeyReference SecretRef { get; set; } = new();

    [JsonPropertyName("format")]
    [DefaultValue("k8snotify")]
    [Description("k8snotify (K8sNotify's JSON status event) or cloudevents (CloudEvents 1.0, structured JSON mode, type io.k8snotify.notification.<state>); both are signed the same way.")]
    public StatusWebhookFormat Format { get; set; } = StatusWebhookFormat.K8sNotify;
}
