using System.Globalization;
using System.Text;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Cli.Output;

/// <summary>Status records for people (one <c>field: value</c> line each, unset fields left out) and for scripts (the record's JSON).</summary>
internal static class StatusText
{
    public static string Format(StatusRecord record, bool json)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (json)
        {
            return Encoding.UTF8.GetString(StatusJson.Serialize(record));
        }

        var text = new StringBuilder();
        Line(text, "id", record.Id);
        if (record.MessageId != record.Id)
        {
            Line(text, "message", record.MessageId);
        }

        Line(text, "channel", $"{record.Namespace}/{record.Channel}");
        Line(text, "state", record.State.WireName());
        Line(text, "template", record.Template);
        Line(text, "recipient", record.Recipient);
        Line(text, "attempts", record.Attempts.ToString(CultureInfo.InvariantCulture));
        Line(text, "provider", record.Provider);
        Line(text, "providerMessageId", record.ProviderMessageId);
        Line(text, "reason", record.Reason);
        Line(text, "suppression", record.Suppression);
        Line(text, "createdAt", Time(record.CreatedAt));
        Line(text, "updatedAt", Time(record.UpdatedAt));
        Line(text, "publishedAt", Time(record.PublishedAt));
        Line(text, "sendAt", Time(record.SendAt));
        Line(text, "sentAt", Time(record.SentAt));
        Line(text, "nextAttemptAt", Time(record.NextAttemptAt));
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>A time as ISO 8601 UTC with milliseconds.</summary>
    public static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }
    }
}
