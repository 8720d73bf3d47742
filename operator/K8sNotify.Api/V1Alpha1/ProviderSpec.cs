using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The desired state of a Provider: one configured delivery backend.</summary>
[Description("One configured delivery backend. Exactly the block matching type must be set.")]
[CelRule("self.type != 'smtp' || has(self.smtp)", "spec.smtp is required when type is smtp", FieldPath = ".smtp")]
[CelRule("self.type != 'twilio' || has(self.twilio)", "spec.twilio is required when type is twilio", FieldPath = ".twilio")]
[CelRule("self.type != 'fcm' || has(self.fcm)", "spec.fcm is required when type is fcm", FieldPath = ".fcm")]
[CelRule("self.type != 'webhook' || has(self.webhook)", "spec.webhook is required when type is webhook", FieldPath = ".webhook")]
[CelRule("self.type != 'outbox' || has(self.outbox)", "spec.outbox is required when type is outbox", FieldPath = ".outbox")]
[CelRule("[has(self.smtp), has(self.twilio), has(self.fcm), has(self.webhook), has(self.outbox)].filter(x, x).size() <= 1", "only the block matching spec.type may be set")]
public sealed class ProviderSpec
{
    [Required]
    [JsonPropertyName("type")]
    [Description("Backend type: smtp, twilio, fcm, webhook or outbox.")]
    public ProviderType Type { get; set; }

    [JsonPropertyName("smtp")]
    [Description("SMTP settings (type smtp).")]
    public SmtpProviderSpec? Smtp { get; set; }

    [JsonPropertyName("twilio")]
    [Description("Twilio settings (type twilio).")]
    public TwilioProviderSpec? Twilio { get; set; }

    [JsonPropertyName("fcm")]
    [Description("Firebase Cloud Messaging settings (type fcm).")]
    public FcmProviderSpec? Fcm { get; set; }

    [JsonPropertyName("webhook")]
    [Description("Webhook settings (type webhook).")]
    public WebhookProviderSpec? Webhook { get; set; }

    [JsonPropertyName("outbox")]
    [Description("Outbox settings (type outbox).")]
    public OutboxProviderSpec? Outbox { get; set; }

    [JsonPropertyName("timeout")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("10s")]
    [Description("Timeout of one request to the backend.")]
    public string Timeout { get; set; } = "10s";

    [JsonPropertyName("retry")]
    [Description("In-process retries of transient errors before failing over.")]
    public ProviderRetrySpec? Retry { get; set; }

    [JsonPropertyName("circuitBreaker")]
    [Description("Circuit breaker settings.")]
    public CircuitBreakerSpec? CircuitBreaker { get; set; }

    [JsonPropertyName("rateLimit")]
    [Description("The backend's quota; when reached the chain fails over to the next provider.")]
    public RateLimitSpec? RateLimit { get; set; }

    [JsonPropertyName("costPerMessage")]
    [RegularExpression(Patterns.Decimal)]
    [Description("Price of one message as a decimal string, used by the cheapest routing strategy.")]
    public string? CostPerMessage { get; set; }
}
