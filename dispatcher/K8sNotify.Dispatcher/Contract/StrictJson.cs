using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace K8sNotify.Dispatcher.Contract;

/// <summary>
/// The rules every message body meets before it is decoded, on NATS and HTTP alike: valid UTF-8, well-formed JSON no
/// deeper than <see cref="MaxDepth"/>, no duplicate keys in any object, no lone surrogates in any string or key, and
/// only numbers that fit a finite double. Anything else is refused with the field it is in, so it can never reach
/// the renderer (where it would throw) or be read two ways (duplicate keys).
/// </summary>
public static class StrictJson
{
    public const int MaxDepth = 64;

    /// <summary>Returns the first rule the payload breaks, or null when it is acceptable.</summary>
    public static FieldError? Check(ReadOnlySpan<byte> payload)
    {
        if (!Utf8.IsValid(payload))
        {
            return new FieldError("", $"the body is not valid UTF-8 (first bad byte at offset {FirstInvalidByte(payload)})");
        }

        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = MaxDepth });
        var scopes = new List<Scope>();
        try
        {
            while (reader.Read())
            {
                if (CheckToken(ref reader, scopes) is { } problem)
                {
                    return problem;
                }
            }
        }
        catch (JsonException e)
        {
            return new FieldError("", $"malformed JSON: {e.Message}");
        }

        return null;
    }

    /// <summary>
    /// The top-level <c>id</c> of a payload that broke a rule, when it can still be read without doubt: valid UTF-8,
    /// a string, present once. Lets a dead letter's status record say why.
    /// </summary>
    public static string? ReadableId(ReadOnlySpan<byte> payload)
    {
        if (!Utf8.IsValid(payload))
        {
            return null;
        }

        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = MaxDepth });
        string? id = null;
        var seen = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("id"u8))
                {
                    seen++;
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.String && !HasLoneSurrogate(ref reader) ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // Truncated or malformed after the id: what was read so far still counts.
        }

        return seen == 1 ? id : null;
    }

    private static FieldError? CheckToken(ref Utf8JsonReader reader, List<Scope> scopes)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                Advance(scopes);
                scopes.Add(new Scope(reader.TokenType == JsonTokenType.StartObject));
                return null;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                scopes.RemoveAt(scopes.Count - 1);
                return null;
            case JsonTokenType.PropertyName:
                return CheckKey(ref reader, scopes);
            case JsonTokenType.String:
                Advance(scopes);
                return HasLoneSurrogate(ref reader) ? new FieldError(PathOf(scopes), "the string contains a lone surrogate (an unpaired \\ud800-\\udfff escape)") : null;
            case JsonTokenType.Number:
                Advance(scopes);
                return FitsDouble(ref reader) ? null : new FieldError(PathOf(scopes), "the number does not fit a 64-bit floating point value");
            default:
                Advance(scopes);
                return null;
        }
    }

    private static FieldError? CheckKey(ref Utf8JsonReader reader, List<Scope> scopes)
    {
        var scope = scopes[^1];
        if (HasLoneSurrogate(ref reader))
        {
            return new FieldError(PathOf(scopes), "a key contains a lone surrogate (an unpaired \\ud800-\\udfff escape)");
        }

        var name = reader.GetString()!;
        scope.Current = name;
        if (!scope.Keys!.Add(name))
        {
            return new FieldError(PathOf(scopes), $"duplicate key '{name}'");
        }

        return null;
    }

    /// <summary>Moves the array index on; a value inside an object is named by its key instead.</summary>
    private static void Advance(List<Scope> scopes)
    {
        if (scopes.Count > 0 && scopes[^1].Keys is null)
        {
            scopes[^1].Index++;
        }
    }

    private static bool FitsDouble(ref Utf8JsonReader reader) => reader.TryGetDouble(out var value) && double.IsFinite(value);

    private static bool HasLoneSurrogate(ref Utf8JsonReader reader)
    {
        // Raw UTF-8 cannot encode a surrogate (the UTF-8 check refused it); only a \u escape can.
        if (!reader.ValueIsEscaped)
        {
            return false;
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The field the reader is at: <c>data.order</c>, <c>to[2]</c>, or "" for the top level.</summary>
    private static string PathOf(List<Scope> scopes)
    {
        var path = new StringBuilder();
        foreach (var scope in scopes)
        {
            if (scope.Keys is null)
            {
                path.Append('[').Append(scope.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (scope.Current is { } key)
            {
                path.Append(path.Length > 0 ? "." : "").Append(key);
            }
        }

        return path.ToString();
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> payload)
    {
        var status = Utf8.ToUtf16(payload, new char[payload.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }

    private sealed class Scope(bool isObject)
    {
        public HashSet<string>? Keys { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public string? Current { get; set; }

        public int Index { get; set; } = -1;
    }
}
