using System.Buffers;
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

    private const int MaxKeptBuffer = 64 * 1024;

    // One serialisation buffer per thread, reused: nothing awaits between filling and writing it.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

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

    /// <summary>
    /// Writes the file and renames it into place; no fsync (see docs/benchmarks.md): a crashed process leaves either the
    /// whole file or none, while a power loss may lose the last files written. Synchronous on purpose: a small file fits
    /// the page cache, and an async FileStream spent a thread-pool hop (and woke spinning workers) per notification.
    /// </summary>
    public Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var file = Path.Combine(directory, FileName(notification.NotificationId));
            var buffer = Buffer;
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                JsonSerializer.Serialize(writer, new OutboxDocument(notification, time.GetUtcNow()), Json);
            }

            WriteAtomically(file, buffer.WrittenSpan);
            if (buffer.Capacity > MaxKeptBuffer)
            {
                // A rare large notification does not pin its buffer on this thread for good.
                _threadBuffer = null;
            }

            return Task.FromResult(DeliveryResult.Accepted(Path.GetFileName(file)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(DeliveryResult.Transient($"outbox {directory}: {e.Message}"));
        }
    }

    private static ArrayBufferWriter<byte> Buffer => _threadBuffer ??= new ArrayBufferWriter<byte>(4_096);

    private void WriteAtomically(string file, ReadOnlySpan<byte> content)
    {
        var temp = file + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            Write(temp, content);
        }
        catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // Created on first use (and again if someone removed it), not checked on every write. A failed create-new
            // reports FileNotFound instead when a concurrent first write created the directory in between.
            System.IO.Directory.CreateDirectory(directory);
            Write(temp, content);
        }

        // Rename is atomic, so readers never see half a file and a redelivery simply rewrites it.
        File.Move(temp, file, overwrite: true);
    }

    private static void Write(string path, ReadOnlySpan<byte> content)
    {
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, content.Length);
        RandomAccess.Write(handle, content, 0);
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
