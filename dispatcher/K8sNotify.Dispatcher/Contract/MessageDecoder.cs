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

        // Every field is checked so the HTTP API can name each problem; the NATS path keeps the first one (and the id known then).
        var errors = new List<FieldError>();
        string? errorId = null;
        string? id = headerId;
        void Fail(string field, string message, string? knownId)
        {
            if (errors.Count == 0)
            {
                errorId = knownId;
            }

            errors.Add(new FieldError(field, message));
        }

        if (obj["id"] is { } idNode)
        {
            if (!TryString(idNode, out var bodyId) || string.IsNullOrWhiteSpace(bodyId))
            {
                Fail("id", "field 'id' must be a non-empty string", headerId);
            }
            else
            {
                id = bodyId;
            }
        }

        if (errors.Count == 0 && string.IsNullOrWhiteSpace(id))
        {
            Fail("id", "missing field 'id' (or a Nats-Msg-Id header)", null);
        }
        else if (errors.Count == 0 && id!.Length > MaxIdLength)
        {
            Fail("id", $"field 'id' is longer than {MaxIdLength} characters", null);
            id = null;
        }

        if (!TryString(obj["template"], out var template) || string.IsNullOrWhiteSpace(template))
        {
            Fail("template", "missing field 'template' (a Template name)", id);
        }

        string? locale = null;
        if (obj["locale"] is { } localeNode && !TryString(localeNode, out locale))
        {
            Fail("locale", "field 'locale' must be a string such as \"de\" or \"pt-BR\"", id);
        }

        var recipients = new List<string>();
        var bulk = false;
        switch (obj["to"])
        {
            case null:
                Fail("to", "missing field 'to' (a recipient or a list of recipients)", id);
                break;
            case JsonArray array:
                bulk = true;
                var itemsValid = true;
                foreach (var item in array)
                {
                    if (!TryString(item, out var recipient) || string.IsNullOrWhiteSpace(recipient))
                    {
                        Fail("to", "field 'to' must contain only non-empty strings", id);
                        itemsValid = false;
                        break;
                    }

                    recipients.Add(recipient);
                }

                if (itemsValid && recipients.Count == 0)
                {
                    Fail("to", "field 'to' is an empty list", id);
                }
                else if (itemsValid && recipients.Count > MaxRecipients)
                {
                    Fail("to", $"field 'to' lists more than {MaxRecipients} recipients", id);
                }

                break;
            case var node:
                if (!TryString(node, out var single) || string.IsNullOrWhiteSpace(single))
                {
                    Fail("to", "field 'to' must be a string or a list of strings", id);
                }
                else
                {
                    recipients.Add(single);
                }

                break;
        }

        JsonObject data = [];
        switch (obj["data"])
        {
            case null:
                break;
            case JsonObject dataObject:
                obj.Remove("data");
                data = dataObject;
                break;
            default:
                Fail("data", "field 'data' must be a JSON object", id);
                break;
        }

        var priority = NormalPriority;
        if (obj["priority"] is { } priorityNode)
        {
            if (!TryString(priorityNode, out var p) || !Priorities.Contains(p))
            {
                Fail("priority", "field 'priority' must be low, normal or high", id);
            }
            else
            {
                priority = p;
            }
        }

        DateTimeOffset? sendAt = null;
        if (obj["sendAt"] is { } sendAtNode)
        {
            if (!TryString(sendAtNode, out var text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                Fail("sendAt", "field 'sendAt' must be an RFC 3339 timestamp such as 2026-01-31T09:00:00Z", id);
            }
            else
            {
                sendAt = parsed;
            }
        }

        if (errors.Count > 0)
        {
            return DecodeResult.Invalid(errors, errorId);
        }

        return DecodeResult.Ok(new NotificationMessage
        {
            Id = id!,
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
