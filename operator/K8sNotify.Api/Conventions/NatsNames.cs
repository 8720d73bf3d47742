using System.Text;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Conventions;

/// <summary>The JetStream names the operator creates and the dispatcher binds to; both sides derive them here.</summary>
public static class NatsNames
{
    /// <summary>The durable pull consumer all dispatcher replicas of a Channel share.</summary>
    public const string ConsumerName = "dispatcher";

    /// <summary>Header carrying the reason a message was dead-lettered.</summary>
    public const string DeadLetterReasonHeader = "K8sNotify-Reason";

    /// <summary>Header carrying the subject a dead-lettered message was first published to.</summary>
    public const string DeadLetterOriginalSubjectHeader = "K8sNotify-Original-Subject";

    /// <summary>The stream that holds a Channel's messages.</summary>
    public static string StreamName(Channel channel) =>
        channel.Spec.Stream?.Name ?? $"K8SNOTIFY_{Token(channel.Metadata.NamespaceProperty ?? "default").ToUpperInvariant()}_{Token(channel.Metadata.Name).ToUpperInvariant()}";

    /// <summary>The subject invalid and undeliverable messages are published to.</summary>
    public static string DeadLetterSubject(Channel channel) =>
        channel.Spec.DeadLetter?.Subject ?? $"k8snotify.deadletter.{Token(channel.Metadata.NamespaceProperty ?? "default")}.{Token(channel.Metadata.Name)}";

    /// <summary>The stream that keeps a Channel's dead letters.</summary>
    public static string DeadLetterStreamName(Channel channel) => StreamName(channel) + "_DLQ";

    /// <summary>The key-value bucket holding the status record of each notification of a Channel.</summary>
    public static string StatusBucket(Channel channel) =>
        $"K8SNOTIFY_STATUS_{Token(channel.Metadata.NamespaceProperty ?? "default")}_{Token(channel.Metadata.Name)}";

    /// <summary>The subject a status event is published to on every transition.</summary>
    public static string StatusSubject(Channel channel) =>
        $"k8snotify.status.{Token(channel.Metadata.NamespaceProperty ?? "default")}.{Token(channel.Metadata.Name)}";

    /// <summary>Turns a Kubernetes name into one NATS token: dots and other separators become underscores.</summary>
    public static string Token(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
        }

        return sb.ToString();
    }
}
