using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The JetStream stream that holds a Channel's messages.</summary>
[Description("The JetStream stream holding the Channel's messages.")]
public sealed class StreamSpec
{
    [JsonPropertyName("name")]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    [Description("Stream name. Defaults to K8SNOTIFY_<NAMESPACE>_<CHANNEL>.")]
    public string? Name { get; set; }

    [JsonPropertyName("retention")]
    [DefaultValue("workqueue")]
    [Description("workqueue, limits or interest.")]
    public StreamRetention Retention { get; set; } = StreamRetention.WorkQueue;

    [JsonPropertyName("replicas")]
    [Range(1, 5)]
    [DefaultValue(1)]
    [Description("Stream replicas on the NATS cluster (3 in production).")]
    public int Replicas { get; set; } = 1;

    [JsonPropertyName("storage")]
    [DefaultValue("file")]
    [Description("file or memory.")]
    public StreamStorage Storage { get; set; } = StreamStorage.File;

    [JsonPropertyName("maxAge")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("72h")]
    [Description("How long an undelivered message is kept.")]
    public string MaxAge { get; set; } = "72h";

    [JsonPropertyName("maxMessages")]
    [Range(-1, long.MaxValue)]
    [Description("Maximum messages kept (-1 for unlimited).")]
    public long? MaxMessages { get; set; }

    [JsonPropertyName("maxBytes")]
    [Range(-1, long.MaxValue)]
    [Description("Maximum bytes kept (-1 for unlimited).")]
    public long? MaxBytes { get; set; }

    [JsonPropertyName("duplicateWindow")]
    [RegularExpression(Patterns.Duration)]
    [DefaultValue("2m")]
    [Description("Window in which a repeated Nats-Msg-Id is discarded by the server.")]
    public string DuplicateWindow { get; set; } = "2m";
}
