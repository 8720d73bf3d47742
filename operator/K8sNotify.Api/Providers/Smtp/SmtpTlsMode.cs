using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>How the SMTP connection is secured.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SmtpTlsMode>))]
public enum SmtpTlsMode
{
    /// <summary>Plain text (local relays and tests only).</summary>
    [JsonStringEnumMemberName("none")] None,

    /// <summary>Upgrade with STARTTLS (port 587).</summary>
    [JsonStringEnumMemberName("starttls")] StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    [JsonStringEnumMemberName("implicit")] Implicit,
}
