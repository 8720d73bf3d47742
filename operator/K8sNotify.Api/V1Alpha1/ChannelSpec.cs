using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The desired state of a Channel: subjects to consume, templates, provider chain, limits, scaling and SLOs.</summary>
[Description("A notification channel: the subjects apps publish to, its templates, provider chain, limits, scaling and SLOs.")]
[CelRule("self.providers.all(p, self.providers.exists_one(q, q.name == p.name))", "spec.providers: a Provider may appear only once in the chain", FieldPath = ".providers")]
[CelRule("self.strategy != 'weighted' || self.providers.exists(p, p.weight > 0)", "spec.providers: the weighted strategy needs a provider with weight > 0", FieldPath = ".providers")]
public sealed class ChannelSpec
{
    [Required]
    [JsonPropertyName("type")]
    [Description("Medium: email, sms, push or webhook.")]
    public ChannelType Type { get; set; }

    [Required]
    [JsonPropertyName("subjects")]
    [MinLength(1)]
    [MaxLength(16)]
    [Description("NATS subjects apps publish notifications to.")]
    [ItemPattern(Patterns.NatsSubject)]
    [ListType("set")]
    public List<string> Subjects { get; set; } = [];

    [JsonPropertyName("stream")]
    [Description("JetStream stream settings.")]
    public StreamSpec? Stream { get; set; }

    [Required]
    [JsonPropertyName("templates")]
    [MinLength(1)]
    [MaxLength(256)]
    [Description("Names of the Templates (same namespace) messages may use.")]
    [ItemPattern(Patterns.ObjectName)]
    [ListType("set")]
    public List<string> Templates { get; set; } = [];

    [Required]
    [JsonPropertyName("providers")]
    [MinLength(1)]
    [MaxLength(16)]
    [Description("Ordered provider chain.")]
    public List<ChannelProviderReference> Providers { get; set; } = [];

    [JsonPropertyName("strategy")]
    [DefaultValue("failover")]
    [Description("failover (in order), weighted (by weight) or cheapest (by costPerMessage); all fail over.")]
    public RoutingStrategy Strategy { get; set; } = RoutingStrategy.Failover;

    [JsonPropertyName("retry")]
    [Description("Redelivery when every provider failed transiently.")]
    public ChannelRetrySpec? Retry { get; set; }

    [JsonPropertyName("scheduling")]
    [Description("Scheduling horizon and park store retention.")]
    public ChannelSchedulingSpec? Scheduling { get; set; }

    [JsonPropertyName("rateLimits")]
    [Description("Per-recipient and per-channel rate limits.")]
    public ChannelRateLimits? RateLimits { get; set; }

    [JsonPropertyName("deadLetter")]
    [Description("Dead-letter destination.")]
    public DeadLetterSpec? DeadLetter { get; set; }

    [JsonPropertyName("dispatcher")]
    [Description("Dispatcher Deployment settings.")]
    public DispatcherSpec? Dispatcher { get; set; }

    [JsonPropertyName("slo")]
    [Description("Service level objectives.")]
    public SloSpec? Slo { get; set; }

    [JsonPropertyName("statusWebhook")]
    [Description("Receiver of status transitions.")]
    public StatusWebhookSpec? StatusWebhook { get; set; }

    [JsonPropertyName("api")]
    [Description("HTTP submission API.")]
    public ChannelApiSpec? Api { get; set; }

    [JsonPropertyName("recipients")]
    [Description("Recipient controls: one-click unsubscribe links and the suppression list.")]
    public RecipientControlsSpec? Recipients { get; set; }

    // Left out when false, so bundles of running Channels do not change.
    [JsonPropertyName("suspend")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [DefaultValue(false)]
    [Description("Pauses delivery: the dispatchers keep running and accept through the HTTP API, but stop consuming; messages stay in the stream until it is false again.")]
    public bool Suspend { get; set; }

    [JsonPropertyName("deletionPolicy")]
    [DefaultValue("Retain")]
    [Description("Retain keeps the JetStream stream when the Channel is deleted; Delete removes it.")]
    public DeletionPolicy DeletionPolicy { get; set; } = DeletionPolicy.Retain;
}
