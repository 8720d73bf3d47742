using System.Text.Json;

namespace K8sNotify.Dispatcher.Providers.Webhook;

/// <summary>Writes the JSON body a webhook receiver gets: the rendered notification's fields, nulls omitted.</summary>
public static class WebhookPayload
{
    public static byte[] Serialize(RenderedNotification n)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", n.NotificationId);
            json.WriteString("channel", n.Channel);
            json.WriteString("namespace", n.Namespace);
            json.WriteString("template", n.Template);
            json.WriteString("locale", n.Locale);
            json.WriteString("recipient", n.Recipient);
            WriteOptional(json, "subject", n.Subject);
            WriteOptional(json, "text", n.Text);
            WriteOptional(json, "html", n.Html);
            WriteOptional(json, "title", n.Title);
            WriteOptional(json, "body", n.Body);
            json.WriteStartObject("data");
            foreach (var (key, value) in n.Data)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
