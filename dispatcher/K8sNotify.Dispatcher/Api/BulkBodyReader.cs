using System.Text.Json;

namespace K8sNotify.Dispatcher.Api;

/// <summary>
/// Reads a bulk body from the request stream and checks its limits as the bytes arrive: the size limit and the item
/// count of <c>{"notifications": [...]}</c> are enforced while reading (an incremental <see cref="Utf8JsonReader"/>
/// over what has arrived), so an oversized bulk is refused without being read to its end or parsed into a tree.
/// </summary>
public sealed class BulkBodyReader(int maxBytes, int maxItems)
{
    private const int ChunkSize = 16 * 1024;

    private byte[] _buffer = [];
    private int _filled;
    private int _consumed;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = Contract.StrictJson.MaxDepth });
    private bool _inList;
    private bool _sawList;
    private bool _listNext;
    private int _itemStart = -1;
    private readonly List<Range> _items = [];

    /// <summary>What was read: the whole body, the byte ranges of the list's items (null when the body is one notification), or why it was refused.</summary>
    public sealed record Result(ReadOnlyMemory<byte> Body, IReadOnlyList<Range>? Items, BulkRefusal? Refusal);

    public async Task<Result> ReadAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength > maxBytes)
        {
            return new Result(default, null, BulkRefusal.TooLarge);
        }

        _buffer = new byte[(int)Math.Min(contentLength ?? ChunkSize, maxBytes) + 1];
        while (true)
        {
            if (_filled == _buffer.Length)
            {
                if (_buffer.Length > maxBytes)
                {
                    return new Result(default, null, BulkRefusal.TooLarge);
                }

                Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, maxBytes + 1L));
            }

            var read = await body.ReadAsync(_buffer.AsMemory(_filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            _filled += read;
            if (_filled > maxBytes)
            {
                return new Result(default, null, BulkRefusal.TooLarge);
            }

            if (!Scan(isFinal: false))
            {
                return new Result(default, null, BulkRefusal.TooManyItems);
            }
        }

        var complete = Scan(isFinal: true);
        return complete
            ? new Result(_buffer.AsMemory(0, _filled), _sawList ? _items : null, null)
            : new Result(default, null, BulkRefusal.TooManyItems);
    }

    /// <summary>Reads the tokens that arrived; false as soon as the list holds more than the allowed items. Malformed JSON is left to the strict check.</summary>
    private bool Scan(bool isFinal)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_consumed, _filled - _consumed), isFinal, _state);
        try
        {
            while (reader.Read())
            {
                if (!Track(ref reader))
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
            // The strict check names the problem once the body is read.
            return true;
        }

        _consumed += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return true;
    }

    private bool Track(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        var position = _consumed + (int)reader.TokenStartIndex;
        if (depth == 1 && reader.TokenType == JsonTokenType.PropertyName)
        {
            _listNext = reader.ValueTextEquals("notifications"u8);
            return true;
        }

        if (depth == 1 && _listNext)
        {
            _listNext = false;
            _inList = reader.TokenType == JsonTokenType.StartArray;
            _sawList = true;
            return true;
        }

        if (depth == 1 && reader.TokenType == JsonTokenType.EndArray)
        {
            _inList = false;
            return true;
        }

        if (!_inList || depth != 2)
        {
            return true;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                _itemStart = position;
                return true;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                _items.Add(new Range(_itemStart, position + 1));
                break;
            default:
                _items.Add(new Range(position, _consumed + (int)reader.BytesConsumed));
                break;
        }

        return _items.Count <= maxItems;
    }
}
