using System.Text.Json.Serialization;

namespace K8sNotify.Client;

/// <summary>The priority field of a notification: <c>low</c>, <c>normal</c> (the default) or <c>high</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationPriority>))]
public enum NotificationPriority
{
    /// <summary>Low priority.</summary>
    [JsonStringEnumMemberName("low")] Low,

    /// <summary>The default.</summary>
    [JsonStringEnumMemberName("normal")] Normal,

    /// <summary>High priority.</summary>
    [JsonStringEnumMemberName("high")] High,
}
