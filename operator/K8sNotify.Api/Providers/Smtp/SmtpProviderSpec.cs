using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Settings of an SMTP relay.</summary>
[Description("Settings of an SMTP relay.")]
public sealed class SmtpProviderSpec
{
    [Required]
    [JsonPropertyName("host")]
    [MinLength(1)]
    [MaxLength(253)]
    [Description("Host name or address of the SMTP server.")]
    public string Host { get; set; } = "";

    [JsonPropertyName("port")]
    [Range(1, 65535)]
    [DefaultValue(587)]
    [Description("TCP port of the SMTP server.")]
    public int Port { get; set; } = 587;

    [JsonPropertyName("tls")]
    [DefaultValue("starttls")]
    [Description("none, starttls (upgrade after connect) or implicit (TLS from the first byte).")]
    public SmtpTlsMode Tls { get; set; } = SmtpTlsMode.StartTls;

    [Required]
    [JsonPropertyName("from")]
    [MinLength(3)]
    [MaxLength(320)]
    [Description("The From address, optionally with a display name: \"Shop <noreply@example.com>\".")]
    public string From { get; set; } = "";

    [JsonPropertyName("replyTo")]
    [MaxLength(320)]
    [Description("Optional Reply-To address.")]
    public string? ReplyTo { get; set; }

    [JsonPropertyName("usernameSecretRef")]
    [Description("Secret key holding the SMTP user name; omit for relays without authentication.")]
    public SecretKeyReference? UsernameSecretRef { get; set; }

    [JsonPropertyName("passwordSecretRef")]
    [Description("Secret key holding the SMTP password.")]
    public SecretKeyReference? PasswordSecretRef { get; set; }
}
