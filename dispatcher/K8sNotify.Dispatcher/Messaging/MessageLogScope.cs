using System.Collections;
using System.Globalization;
using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>
/// The logger scope of one message: its Channel, notification id and stream sequence. The id is read from the payload
/// only when an entry is actually written, so a message that logs nothing costs no extra parse.
/// </summary>
internal sealed class MessageLogScope(string channel, ulong streamSequence, ReadOnlyMemory<byte> payload, string? msgIdHeader)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string ChannelKey = "Channel";
    public const string NotificationIdKey = "NotificationId";
    public const string StreamSequenceKey = "StreamSequence";

    private string? _notificationId;
    private bool _read;

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(ChannelKey, channel),
        1 => new(NotificationIdKey, NotificationId),
        2 => new(StreamSequenceKey, streamSequence),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    // Two threads may both read it; they read the same bytes, so either result is right.
    private string? NotificationId
    {
        get
        {
            if (!_read)
            {
                _notificationId = StrictJson.ReadableId(payload.Span) ?? msgIdHeader;
                _read = true;
            }

            return _notificationId;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Channel {channel}, notification {NotificationId ?? "(unknown)"}, stream sequence {streamSequence}");
}
