using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace K8sNotify.Dispatcher.Contract;

/// <summary>
/// Decodes the JSON of a published message into a <see cref="NotificationMessage"/>, naming every problem by field.
/// The body first has to pass <see cref="StrictJson"/>, so what is decoded here can be read only one way.
/// </summary>
public static partial class MessageDecoder
{
    public const string NormalPriority = "normal";
    public const int MaxIdLength = 512;
    public const int MaxRecipients = 1000;

    private static readonly string[] Priorities = ["low", NormalPriority, "high"];
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = StrictJson.MaxDepth };

    /// <param name="payload">The message body.</param>
    /// <param name="headerId">The Nats-Msg-Id header, used when the body has no id.</param>
    public static DecodeResult Decode(ReadOnlySpan<byte> payload, string? headerId)
    {
        if (StrictJson.Check(payload) is { } problem)
        {
            return DecodeResult.Invalid(problem, StrictJson.ReadableId(payload) ?? headerId);
        }

        if (JsonNode.Parse(payload, documentOptions: DocumentOptions) is not JsonObject obj)
        {
            return DecodeResult.Invalid("the message must be a JSON object", headerId);
        }

        // Every field is checked so the HTTP API can name each problem; the NATS path keeps the first one (and the id known then).
        var errors = new Errors();
        var id = ReadId(obj, headerId, errors);
        var template = ReadTemplate(obj, id, errors);
        var locale = ReadLocale(obj, id, errors);
        var (recipients, bulk) = ReadRecipients(obj, id, errors);
        var data = ReadData(obj, id, errors);
        var priority = ReadPriority(obj, id, errors);
        var sendAt = ReadSendAt(obj, id, errors);
        if (errors.Count > 0)
        {
            return DecodeResult.Invalid(errors.List, errors.FirstId);
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

    /// <summary>Parses an RFC 3339 date-time (a full date, a time and an offset or Z); nothing looser.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        return Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static string? ReadId(JsonObject obj, string? headerId, Errors errors)
    {
        var id = headerId;
        if (obj["id"] is { } idNode)
        {
            if (!TryString(idNode, out var bodyId) || string.IsNullOrWhiteSpace(bodyId))
            {
                errors.Fail("id", "field 'id' must be a non-empty string", headerId);
                return null;
            }

            id = bodyId;
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Fail("id", "missing field 'id' (or a Nats-Msg-Id header)", null);
            return null;
        }

        if (id.Length > MaxIdLength)
        {
            errors.Fail("id", $"field 'id' is longer than {MaxIdLength} characters", null);
            return null;
        }

        return id;
    }

    private static string ReadTemplate(JsonObject obj, string? id, Errors errors)
    {
        if (!TryString(obj["template"], out var template) || string.IsNullOrWhiteSpace(template))
        {
            errors.Fail("template", "missing field 'template' (a Template name)", id);
        }

        return template;
    }

    private static string? ReadLocale(JsonObject obj, string? id, Errors errors)
    {
        string? locale = null;
        if (obj["locale"] is { } localeNode && !TryString(localeNode, out locale))
        {
            errors.Fail("locale", "field 'locale' must be a string such as \"de\" or \"pt-BR\"", id);
        }

        return locale;
    }

    private static (List<string> Recipients, bool Bulk) ReadRecipients(JsonObject obj, string? id, Errors errors)
    {
        var recipients = new List<string>();
        switch (obj["to"])
        {
            case null:
                errors.Fail("to", "missing field 'to' (a recipient or a list of recipients)", id);
                return (recipients, false);
            case JsonArray array:
                ReadRecipientList(array, recipients, id, errors);
                return (recipients, true);
            case var node:
                if (!TryString(node, out var single) || string.IsNullOrWhiteSpace(single))
                {
                    errors.Fail("to", "field 'to' must be a string or a list of strings", id);
                }
                else
                {
                    recipients.Add(single);
                }

                return (recipients, false);
        }
    }

    private static void ReadRecipientList(JsonArray array, List<string> recipients, string? id, Errors errors)
    {
        foreach (var item in array)
        {
            if (!TryString(item, out var recipient) || string.IsNullOrWhiteSpace(recipient))
            {
                errors.Fail("to", "field 'to' must contain only non-empty strings", id);
                return;
            }

            recipients.Add(recipient);
        }

        if (recipients.Count == 0)
        {
            errors.Fail("to", "field 'to' is an empty list", id);
        }
        else if (recipients.Count > MaxRecipients)
        {
            errors.Fail("to", $"field 'to' lists more than {MaxRecipients} recipients", id);
        }
    }

    private static JsonObject ReadData(JsonObject obj, string? id, Errors errors)
    {
        switch (obj["data"])
        {
            case null:
                return [];
            case JsonObject data:
                obj.Remove("data");
                return data;
            default:
                errors.Fail("data", "field 'data' must be a JSON object", id);
                return [];
        }
    }

    private static string ReadPriority(JsonObject obj, string? id, Errors errors)
    {
        if (obj["priority"] is not { } priorityNode)
        {
            return NormalPriority;
        }

        if (!TryString(priorityNode, out var priority) || !Priorities.Contains(priority))
        {
            errors.Fail("priority", "field 'priority' must be low, normal or high", id);
            return NormalPriority;
        }

        return priority;
    }

    private static DateTimeOffset? ReadSendAt(JsonObject obj, string? id, Errors errors)
    {
        if (obj["sendAt"] is not { } sendAtNode)
        {
            return null;
        }

        if (!TryString(sendAtNode, out var text) || !TryParseTimestamp(text, out var sendAt))
        {
            errors.Fail("sendAt", "field 'sendAt' must be an RFC 3339 timestamp such as 2026-01-31T09:00:00Z", id);
            return null;
        }

        return sendAt;
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

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    /// <summary>The problems found so far, and the id that was known when the first one was found.</summary>
    private sealed class Errors
    {
        public List<FieldError> List { get; } = [];

        public string? FirstId { get; private set; }

        public int Count => List.Count;

        public void Fail(string field, string message, string? knownId)
        {
            if (List.Count == 0)
            {
                FirstId = knownId;
            }

            List.Add(new FieldError(field, message));
        }
    }
}
