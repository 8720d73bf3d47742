using System.Globalization;
using System.Text;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>The JetStream names of a Channel's status-event queue and its dead letters, and the partition of a notification.</summary>
public static class StatusWebhookNames
{
    public const string ConsumerPrefix = "statushook-";

    /// <summary>Header naming the notification a status event (or its dead letter) is about.</summary>
    public const string NotificationIdHeader = "K8sNotify-Notification-Id";

    /// <summary>Header carrying the event id (also the HTTP <c>X-K8sNotify-Event-Id</c> and <c>Idempotency-Key</c>).</summary>
    public const string EventIdHeader = "K8sNotify-Event-Id";

    public static string StreamName(Channel channel) => NatsNames.StreamName(channel) + "_STATUSHOOK";

    public static string DeadLetterStreamName(Channel channel) => NatsNames.StreamName(channel) + "_STATUSHOOK_DLQ";

    /// <summary>The subject of one ordering partition: <c>k8snotify.statushook.&lt;ns&gt;.&lt;channel&gt;.&lt;partition&gt;</c>.</summary>
    public static string Subject(Channel channel, int partition) => SubjectPrefix(channel) + "." + partition.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every partition's subject.</summary>
    public static string Subjects(Channel channel) => SubjectPrefix(channel) + ".*";

    public static string DeadLetterSubject(Channel channel) =>
        $"k8snotify.statushook-dlq.{NatsNames.Token(channel.Metadata.NamespaceProperty ?? "default")}.{NatsNames.Token(channel.Metadata.Name)}";

    public static string ConsumerName(int partition) => ConsumerPrefix + partition.ToString(CultureInfo.InvariantCulture);

    /// <summary>FNV-1a of the UTF-8 id: stable across processes and versions (unlike string.GetHashCode).</summary>
    public static int Partition(string notificationId, int partitions)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(notificationId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)partitions);
    }

    private static string SubjectPrefix(Channel channel) =>
        $"k8snotify.statushook.{NatsNames.Token(channel.Metadata.NamespaceProperty ?? "default")}.{NatsNames.Token(channel.Metadata.Name)}";
}
