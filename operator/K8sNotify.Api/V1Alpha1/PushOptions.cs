using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Platform-specific FCM options copied into each push message.</summary>
[Description("Platform-specific FCM message options (AndroidConfig, ApnsConfig, WebpushConfig of the FCM v1 API).")]
public sealed class PushOptions
{
    [JsonPropertyName("android")]
    [PreserveUnknownFields]
    [Description("FCM AndroidConfig, for example {priority: high, ttl: 3600s}.")]
    public JsonObject? Android { get; set; }

    [JsonPropertyName("apns")]
    [PreserveUnknownFields]
    [Description("FCM ApnsConfig, for example {headers: {apns-priority: \"10\"}}.")]
    public JsonObject? Apns { get; set; }

    [JsonPropertyName("webpush")]
    [PreserveUnknownFields]
    [Description("FCM WebpushConfig.")]
    public JsonObject? Webpush { get; set; }
}
