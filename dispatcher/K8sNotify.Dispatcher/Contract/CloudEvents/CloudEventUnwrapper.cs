using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace K8sNotify.Dispatcher.Contract.CloudEvents;

/// <summary>
/// Accepts CloudEvents 1.0 on the NATS subjects, before <see cref="MessageDecoder"/> sees the message: structured mode
/// (<c>Content-Type: application/cloudevents+json</c>, the event is the body) and binary mode (<c>ce-*</c> headers,
/// the body is the data). The event's data is the notification message; its id stands in when the data has none.
/// Anything else passes through unchanged.
/// </summary>
public static class CloudEventUnwrapper
{
    /// <summary>The media type of a structured-mode CloudEvent in JSON.</summary>
    public const string StructuredContentType = "application/cloudevents+json";

    /// <summary>The prefix of binary-mode attribute headers.</summary>
    public const string BinaryHeaderPrefix = "ce-";

    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>Unwraps <paramref name="body"/> given the message's NATS headers (names compared case-insensitively).</summary>
    public static CloudEventEnvelope Unwrap(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string>? headers, string? msgIdHeader)
    {
        var contentType = Header(headers, "Content-Type");
        if (contentType is not null && contentType.StartsWith(StructuredContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Structured(body, contentType);
        }

        if (Header(headers, BinaryHeaderPrefix + "specversion") is { } specVersion)
        {
            return Binary(body, specVersion, headers!, contentType);
        }

        return new CloudEventEnvelope(body, msgIdHeader, null, false);
    }

    private static CloudEventEnvelope Structured(ReadOnlyMemory<byte> body, string contentType)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = Formatter.DecodeStructuredModeMessage(body, new ContentType(contentType), null);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            return Invalid($"invalid structured CloudEvent: {e.Message}");
        }

        return cloudEvent.Data switch
        {
            JsonElement { ValueKind: JsonValueKind.Object } data => Usable(JsonSerializer.SerializeToUtf8Bytes(data), cloudEvent),
            byte[] bytes => Usable(bytes, cloudEvent),
            null => Invalid($"CloudEvent {cloudEvent.Id} has no data; its data must be the notification message"),
            _ => Invalid($"CloudEvent {cloudEvent.Id} data must be a JSON object (the notification message)"),
        };
    }

    private static CloudEventEnvelope Binary(ReadOnlyMemory<byte> body, string specVersionId, IReadOnlyDictionary<string, string> headers, string? contentType)
    {
        if (CloudEventsSpecVersion.FromVersionId(specVersionId) is not { } specVersion)
        {
            return Invalid($"invalid binary CloudEvent: unsupported ce-specversion '{Printable(specVersionId)}'");
        }

        var cloudEvent = new CloudEvent(specVersion);
        try
        {
            foreach (var (name, value) in headers)
            {
                if (name.StartsWith(BinaryHeaderPrefix, StringComparison.OrdinalIgnoreCase) && !name.Equals(BinaryHeaderPrefix + "specversion", StringComparison.OrdinalIgnoreCase))
                {
                    cloudEvent.SetAttributeFromString(name[BinaryHeaderPrefix.Length..].ToLowerInvariant(), value);
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return Invalid($"invalid binary CloudEvent: {e.Message}");
        }

        if (contentType is not null && !IsJson(contentType))
        {
            return Invalid($"binary CloudEvent data must be JSON (Content-Type {Printable(contentType)})");
        }

        return Usable(body.ToArray(), cloudEvent);
    }

    private static CloudEventEnvelope Usable(byte[] data, CloudEvent cloudEvent)
    {
        var missing = cloudEvent.SpecVersion.RequiredAttributes.Where(a => cloudEvent[a] is null).Select(a => a.Name).ToList();
        return missing.Count > 0
            ? Invalid($"invalid CloudEvent: missing required attribute(s) {string.Join(", ", missing)}")
            : new CloudEventEnvelope(data, cloudEvent.Id, null, true);
    }

    private static CloudEventEnvelope Invalid(string error) => new(ReadOnlyMemory<byte>.Empty, null, error, true);

    private static bool IsJson(string contentType)
    {
        var media = contentType.Split(';', 2)[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static string? Header(IReadOnlyDictionary<string, string>? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var (key, value) in headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static string Printable(string value)
    {
        var sb = new StringBuilder();
        foreach (var c in value.Take(64))
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return sb.ToString();
    }
}
