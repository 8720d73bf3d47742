using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Whether recipients may opt out of a Template's notifications.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OptOutPolicy>))]
public enum OptOutPolicy
{
    /// <summary>Recipients may opt out (by category, by channel type, one-click unsubscribe, SMS STOP).</summary>
    [JsonStringEnumMemberName("allowed")] Allowed,

    /// <summary>Sent regardless of opt-outs (password resets, receipts, security alerts); dead addresses are still skipped.</summary>
    [JsonStringEnumMemberName("mandatory")] Mandatory,
}
