using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Settings of the signed one-click unsubscribe links put into email.</summary>
[Description("Signed one-click unsubscribe links (List-Unsubscribe and List-Unsubscribe-Post headers).")]
public sealed class UnsubscribeSpec
{
    [JsonPropertyName("publicBaseUrl")]
    [RegularExpression(@"^https://[^\s]+$")]
    [Description("https base URL under which recipients reach the dispatcher's /v1/unsubscribe route; defaults to the dispatcher's PUBLIC_BASE_URL.")]
    public string? PublicBaseUrl { get; set; }

    [Required]
    [JsonPropertyName("signingKeySecretRef")]
    [Description("Secret key holding the HMAC-SHA256 key the links are signed with (at least 32 bytes).")]
    public SecretKeyReference SigningKeySecretRef { get; set; } = new();

    [JsonPropertyName("linkValidity")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("1440h")]
    [Description("How long an unsubscribe link keeps working after the mail was sent.")]
    public string LinkValidity { get; set; } = "1440h";
}
