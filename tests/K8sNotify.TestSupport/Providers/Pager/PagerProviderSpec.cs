using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.TestSupport.Providers.Pager;

/// <summary>Settings of a pager gateway, a provider type that exists only in the tests to prove a type can be added from outside the product.</summary>
[Description("Settings of a pager gateway.")]
public sealed class PagerProviderSpec
{
    [Required]
    [JsonPropertyName("gateway")]
    [MinLength(1)]
    [Description("Host name of the pager gateway.")]
    public string Gateway { get; set; } = "";

    [Required]
    [JsonPropertyName("apiKeySecretRef")]
    [Description("Secret key holding the gateway's API key.")]
    public SecretKeyReference ApiKeySecretRef { get; set; } = new();

    [JsonPropertyName("priority")]
    [Range(1, 5)]
    [Description("Pager priority, 1 (lowest) to 5.")]
    public int Priority { get; set; } = 3;
}
