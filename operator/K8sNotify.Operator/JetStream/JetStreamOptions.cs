namespace K8sNotify.Operator.JetStream;

/// <summary>How the operator reaches JetStream to manage streams (section <c>JetStream</c>).</summary>
public sealed class JetStreamOptions
{
    public const string SectionName = "JetStream";

    /// <summary>NATS URL for the operator; empty uses the dispatchers' <c>Dispatcher:NatsUrl</c>.</summary>
    public string? Url { get; set; }

    /// <summary>A NATS credentials file for the operator's connection.</summary>
    public string? CredentialsFile { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
