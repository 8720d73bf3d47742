using System.ComponentModel;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The HTTP submission API of a Channel's dispatchers.</summary>
[Description("HTTP API of the dispatchers for submitting and tracking notifications.")]
public sealed class ChannelApiSpec
{
    [JsonPropertyName("enabled")]
    [DefaultValue(false)]
    [Description("Serve the submission API on the dispatcher's HTTP port.")]
    public bool Enabled { get; set; }

    [JsonPropertyName("tokensSecretRef")]
    [Description("Secret whose values are the accepted bearer tokens (one per key).")]
    public SecretReference? TokensSecretRef { get; set; }
}
