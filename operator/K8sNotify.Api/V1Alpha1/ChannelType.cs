using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The medium a Channel delivers through, which decides the recipient format and template fields.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChannelType>))]
public enum ChannelType
{
    [JsonStringEnumMemberName("email")] Email,
    [JsonStringEnumMemberName("sms")] Sms,
    [JsonStringEnumMemberName("push")] Push,
    [JsonStringEnumMemberName("webhook")] Webhook,
    [JsonStringEnumMemberName("chat")] Chat,
}
