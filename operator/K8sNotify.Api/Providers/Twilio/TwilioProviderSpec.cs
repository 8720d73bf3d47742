using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Settings of the Twilio Programmable Messaging API.</summary>
[Description("Settings of the Twilio Programmable Messaging API. Set exactly one of from and messagingServiceSid.")]
[CelRule("has(self.from) != has(self.messagingServiceSid)", "exactly one of twilio.from and twilio.messagingServiceSid must be set")]
public sealed class TwilioProviderSpec
{
    [JsonPropertyName("from")]
    [RegularExpression(@"^\+[1-9][0-9]{1,14}$")]
    [Description("Sender phone number in E.164 form, for example +15005550006.")]
    public string? From { get; set; }

    [JsonPropertyName("messagingServiceSid")]
    [RegularExpression("^MG[0-9a-fA-F]{32}$")]
    [Description("Messaging Service SID (MG...) used instead of a single sender number.")]
    public string? MessagingServiceSid { get; set; }

    [Required]
    [JsonPropertyName("accountSidSecretRef")]
    [Description("Secret key holding the Account SID (AC...).")]
    public SecretKeyReference AccountSidSecretRef { get; set; } = new();

    [Required]
    [JsonPropertyName("authTokenSecretRef")]
    [Description("Secret key holding the Auth Token.")]
    public SecretKeyReference AuthTokenSecretRef { get; set; } = new();

    [JsonPropertyName("baseUrl")]
    [RegularExpression(Patterns.HttpUrl)]
    [Description("API base URL override (regional edge or a test server). Defaults to https://api.twilio.com.")]
    public string? BaseUrl { get; set; }

    [JsonPropertyName("statusCallbackUrl")]
    [RegularExpression(Patterns.HttpUrl)]
    [Description("URL Twilio posts delivery receipts to.")]
    public string? StatusCallbackUrl { get; set; }
}
