using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sNotify.Dispatcher.Contract;

/// <summary>Decodes the JSON of a published message into a <see cref="NotificationMessage"/>, naming the first problem precisely.</summary>
public static class MessageDecoder
{
    public const string NormalPriority = "normal";
    public const int MaxIdLength = 512;
    public const int MaxRecipients = 1000;

    private static readonly string[] Priorities = ["low", NormalPriority, "high"];
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <param name="payload">The message body.</param>
    /// <param name="headerId">The Nats-Msg-Id header, used when the body has no id.</param>
    public static DecodeResult Decode(ReadOnlySpan<byte> payload, string? headerId)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(payload, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            return DecodeResult.Invalid($"malformed JSON: {e.Message}", headerId);
        }

        if (root is not JsonObject obj)
        {
            return DecodeResult.Invalid("the message must be a JSON object", headerId);
        }

        string? id = headerId;
        if (obj["id"] is { } idNode)
        {
            if (!TryString(idNode, out var bodyId) || string.IsNullOrWhiteSpace(bodyId))
            {
                return DecodeResult.Invalid("field 'id' must be a non-empty string", headerId);
            }

            id = bodyId;
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            return DecodeResult.Invalid("missing field 'id' (or a Nats-Msg-Id header)", null);
        }

        if (id.Length > MaxIdLength)
        {
            return DecodeResult.Invalid($"field 'id' is longer than {MaxIdLength} characters", null);
        }

        if (!TryString(obj["template"], out var template) || string.IsNullOrWhiteSpace(template))
        {
            return DecodeResult.Invalid("missing field 'template' (a Template name)", id);
        }

        string? locale = null;
        if (obj["locale"] is { } localeNode && !TryString(localeNode, out locale))
        {
            return DecodeResult.Invalid("field 'locale' must be a string such as \"de\" or \"pt-BR\"", id);
        }

        var recipients = new List<string>();
        var bulk = false;
        switch (obj["to"])
        {
            case null:
                return DecodeResult.Invalid("missing field 'to' (a recipient or a list of recipients)", id);
            case JsonArray array:
                bulk = true;
                foreach (var item in array)
                {
                    if (!TryString(item, out var recipient) || string.IsNullOrWhiteSpace(recipient))
                    {
                        return DecodeResult.Invalid("field 'to' must contain only non-empty strings", id);
                    }

                    recipients.Add(recipient);
                }

                if (recipients.Count == 0)
                {
                    return DecodeResult.Invalid("field 'to' is an empty list", id);
                }

                if (recipients.Count > MaxRecipients)
                {
                    return DecodeResult.Invalid($"field 'to' lists more than {MaxRecipients} recipients", id);
                }

                break;
            case var node:
                if (!TryString(node, out var single) || string.IsNullOrWhiteSpace(single))
                {
                    return DecodeResult.Invalid("field 'to' must be a string or a list of strings", id);
                }

                recipients.Add(single);
                break;
        }

        JsonObject data;
        switch (obj["data"])
        {
            case null:
                data = [];
                break;
            case JsonObject dataObject:
                obj.Remove("data");
                data = dataObject;
                break;
            default:
                return DecodeResult.Invalid("field 'data' must be a JSON object", id);
        }

        var priority = NormalPriority;
        if (obj["priority"] is { } priorityNode)
        {
            if (!TryString(priorityNode, out var p) || !Priorities.Contains(p))
            {
                return DecodeResult.Invalid("field 'priority' must be low, normal or high", id);
            }

            priority = p;
        }

        DateTimeOffset? sendAt = null;
        if (obj["sendAt"] is { } sendAtNode)
        {
            if (!TryString(sendAtNode, out var text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return DecodeResult.Invalid("field 'sendAt' must be an RFC 3339 timestamp such as 2026-01-31T09:00:00Z", id);
            }

            sendAt = parsed;
        }

        return DecodeResult.Ok(new NotificationMessage
        {
            Id = id,
            Template = template,
            Locale = locale,
            To = recipients,
            IsBulk = bulk,
            Data = data,
            Priority = priority,
            SendAt = sendAt,
        });
    }

    private static bool TryString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = "";
        return false;
    }
}
