using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The kind of delivery backend a Provider configures.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProviderType>))]
public enum ProviderType
{
    [JsonStringEnumMemberName("smtp")] Smtp,
    [JsonStringEnumMemberName("twilio")] Twilio,
    [JsonStringEnumMemberName("fcm")] Fcm,
    [JsonStringEnumMemberName("webhook")] Webhook,
    [JsonStringEnumMemberName("outbox")] Outbox,
}
