using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The Liquid sources of one locale of a Template.</summary>
[Description("Liquid sources for one locale. Email uses subject, text and html; SMS uses text; push uses title, body and data; webhook uses body; chat uses text and optionally body.")]
public sealed class LocalizedContent
{
    [JsonPropertyName("subject")]
    [MaxLength(4096)]
    [Description("Email subject line.")]
    public string? Subject { get; set; }

    [JsonPropertyName("text")]
    [MaxLength(262144)]
    [Description("Plain-text body (email), the message (SMS) or the chat message (and its fallback when body is set).")]
    public string? Text { get; set; }

    [JsonPropertyName("html")]
    [MaxLength(1048576)]
    [Description("HTML body (email); values inserted into it are HTML-escaped.")]
    public string? Html { get; set; }

    [JsonPropertyName("title")]
    [MaxLength(4096)]
    [Description("Push notification title.")]
    public string? Title { get; set; }

    [JsonPropertyName("body")]
    [MaxLength(262144)]
    [Description("Push notification body, the JSON body of a webhook, or for chat JSON rendered into the message: Slack blocks (an array, or an object of message fields) or a Teams Adaptive Card.")]
    public string? Body { get; set; }

    [JsonPropertyName("data")]
    [Description("Push data payload: string values, each a Liquid template.")]
    public Dictionary<string, string>? Data { get; set; }
}
