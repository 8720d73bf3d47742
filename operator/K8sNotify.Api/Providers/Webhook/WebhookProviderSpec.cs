using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Settings of a generic JSON webhook receiver.</summary>
[Description("Settings of a generic JSON webhook receiver.")]
public sealed class WebhookProviderSpec
{
    [Required]
    [JsonPropertyName("url")]
    [RegularExpression(Patterns.HttpUrl)]
    [Description("URL the notification is POSTed to as JSON.")]
    public string Url { get; set; } = "";

    [JsonPropertyName("hmac")]
    [Description("Optional HMAC-SHA256 signing of each request.")]
    public WebhookHmacSpec? Hmac { get; set; }

    [JsonPropertyName("headers")]
    [Description("Extra non-secret headers sent with each request.")]
    public Dictionary<string, string>? Headers { get; set; }
}
