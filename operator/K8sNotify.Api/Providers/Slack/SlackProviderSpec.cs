using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Settings of Slack: an incoming webhook, or a bot token that posts with chat.postMessage to a channel.</summary>
[Description("Settings of Slack. Set webhookUrlSecretRef (incoming webhook) or tokenSecretRef and channel (chat.postMessage).")]
[CelRule("has(self.webhookUrlSecretRef) != has(self.tokenSecretRef)", "exactly one of slack.webhookUrlSecretRef and slack.tokenSecretRef must be set")]
[CelRule("!has(self.tokenSecretRef) || has(self.channel)", "slack.channel is required with slack.tokenSecretRef", FieldPath = ".channel")]
public sealed class SlackProviderSpec
{
    [JsonPropertyName("webhookUrlSecretRef")]
    [Description("Secret key holding the incoming webhook URL (https://hooks.slack.com/services/...); the URL is a credential.")]
    public SecretKeyReference? WebhookUrlSecretRef { get; set; }

    [JsonPropertyName("tokenSecretRef")]
    [Description("Secret key holding a bot token (xoxb-...) with the chat:write scope.")]
    public SecretKeyReference? TokenSecretRef { get; set; }

    [JsonPropertyName("channel")]
    [RegularExpression("^[#@]?[A-Za-z0-9._-]{1,80}$")]
    [Description("Channel ID (C0123ABCD) or name (#alerts) chat.postMessage posts to.")]
    public string? Channel { get; set; }

    [JsonPropertyName("baseUrl")]
    [RegularExpression(Patterns.HttpUrl)]
    [Description("Web API base URL override (a test server). Defaults to https://slack.com/api.")]
    public string? BaseUrl { get; set; }
}
