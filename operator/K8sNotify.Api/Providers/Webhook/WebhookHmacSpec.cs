using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>How webhook requests are signed.</summary>
[Description("HMAC-SHA256 signing of webhook requests over timestamp and body.")]
public sealed class WebhookHmacSpec
{
    [Required]
    [JsonPropertyName("secretRef")]
    [Description("Secret key holding the shared signing key.")]
    public SecretKeyReference SecretRef { get; set; } = new();

    [JsonPropertyName("header")]
    [DefaultValue("X-K8sNotify-Signature")]
    [RegularExpression("^[A-Za-z0-9-]+$")]
    [Description("Name of the header carrying the signature.")]
    public string Header { get; set; } = "X-K8sNotify-Signature";
}
