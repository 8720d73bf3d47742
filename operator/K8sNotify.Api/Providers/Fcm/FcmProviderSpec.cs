using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Settings of Firebase Cloud Messaging (HTTP v1 API).</summary>
[Description("Settings of Firebase Cloud Messaging through the HTTP v1 API.")]
public sealed class FcmProviderSpec
{
    [Required]
    [JsonPropertyName("projectId")]
    [RegularExpression("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    [Description("The Firebase project ID.")]
    public string ProjectId { get; set; } = "";

    [Required]
    [JsonPropertyName("serviceAccountSecretRef")]
    [Description("Secret key holding the service-account JSON used to obtain OAuth2 access tokens.")]
    public SecretKeyReference ServiceAccountSecretRef { get; set; } = new();

    [JsonPropertyName("baseUrl")]
    [RegularExpression(Patterns.HttpUrl)]
    [Description("API base URL override. Defaults to https://fcm.googleapis.com.")]
    public string? BaseUrl { get; set; }

    [JsonPropertyName("tokenUrl")]
    [RegularExpression(Patterns.HttpUrl)]
    [Description("OAuth2 token endpoint override. Defaults to the service account's token_uri.")]
    public string? TokenUrl { get; set; }
}
