using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNotify.Dispatcher.Providers.Outbox;

/// <summary>Writes each rendered notification as a JSON file into a directory (quickstart and local development).</summary>
public sealed class OutboxProvider(string name, string directory, TimeProvider time) : INotificationProvider
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Name => name;

    public string Directory => directory;

    /// <summary>The file a notification is written to: a readable, filesystem-safe form of its id plus a hash against collisions.</summary>
    public static string FileName(string notificationId)
    {
        var safe = new StringBuilder(Math.Min(notificationId.Length, 80));
        foreach (var c in notificationId.Take(80))
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)))[..12];
        return $"{safe}-{hash}.json";
    }

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, FileName(notification.NotificationId));
            var temp = file + ".tmp-" + Guid.NewGuid().ToString("N");
            var document = new OutboxDocument(notification, time.GetUtcNow());
            await using (var stream = File.Create(temp))
            {
                await JsonSerializer.SerializeAsync(stream, document, Json, cancellationToken).ConfigureAwait(false);
            }

            // Rename is atomic, so readers never see half a file and a redelivery simply rewrites it.
            File.Move(temp, file, overwrite: true);
            return DeliveryResult.Accepted(Path.GetFileName(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DeliveryResult.Transient($"outbox {directory}: {e.Message}");
        }
    }

    private sealed record OutboxDocument(RenderedNotification Notification, DateTimeOffset WrittenAt)
    {
        public string NotificationId => Notification.NotificationId;

        public string Namespace => Notification.Namespace;

        public string Channel => Notification.Channel;

        public string Recipient => Notification.Recipient;

        public string Template => Notification.Template;

        public string Locale => Notification.Locale;

        public string? Subject => Notification.Subject;

        public string? Text => Notification.Text;

        public string? Html => Notification.Html;

        public string? Title => Notification.Title;

        public string? Body => Notification.Body;

        public IReadOnlyDictionary<string, string>? Data => Notification.Data.Count > 0 ? Notification.Data : null;

        public string Priority => Notification.Priority;

        public DateTimeOffset PublishedAt => Notification.PublishedAt;

        public int Attempt => Notification.Attempt;

        [JsonIgnore]
        public RenderedNotification Notification { get; } = Notification;
    }
}
