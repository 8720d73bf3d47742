using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Settings of the outbox provider, which writes each message as a file (development and demos).</summary>
[Description("Writes each rendered message as a file, for local development and demos.")]
public sealed class OutboxProviderSpec
{
    [Required]
    [JsonPropertyName("directory")]
    [MinLength(1)]
    [Description("Directory the message files are written to; relative paths resolve against the dispatcher's working directory.")]
    public string Directory { get; set; } = "";
}
