using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Recipients.Preferences;

/// <summary>A daily window (HH:mm to HH:mm, local time; may wrap past midnight) in which notifications wait.</summary>
public sealed record QuietHoursSetting
{
    [JsonPropertyName("start")]
    public string Start { get; init; } = "";

    [JsonPropertyName("end")]
    public string End { get; init; } = "";
}
