using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Recipients.Preferences;

/// <summary>The categories and channel types a recipient opted out of.</summary>
public sealed record OptOutSet
{
    [JsonPropertyName("categories")]
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>email, sms, push or webhook.</summary>
    [JsonPropertyName("channelTypes")]
    public IReadOnlyList<string> ChannelTypes { get; init; } = [];
}
