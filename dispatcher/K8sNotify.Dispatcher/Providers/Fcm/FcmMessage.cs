using System.Text.Json;
using System.Text.Json.Nodes;

namespace K8sNotify.Dispatcher.Providers.Fcm;

/// <summary>Writes the FCM HTTP v1 send request body: <c>{"message":{token, notification, data, android, apns, webpush}}</c>.</summary>
public static class FcmMessage
{
    public static byte[] Serialize(RenderedNotification n)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("message");
            json.WriteString("token", n.Recipient);
            var title = n.Title ?? n.Subject;
            var body = n.Body ?? n.Text;
            if (title is not null || body is not null)
            {
                json.WriteStartObject("notification");
                if (title is not null)
                {
                    json.WriteString("title", title);
                }

                if (body is not null)
                {
                    json.WriteString("body", body);
                }

                json.WriteEndObject();
            }

            if (n.Data.Count > 0)
            {
                // FCM data values must be strings; RenderedNotification already holds them as strings.
                json.WriteStartObject("data");
                foreach (var (key, value) in n.Data)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            var android = n.PushOptions?.Android;
            if (n.Priority == "high" && android?["priority"] is null)
            {
                android = android is null ? [] : (JsonObject)android.DeepClone();
                android["priority"] = "high";
            }

            Write(json, "android", android);
            Write(json, "apns", n.PushOptions?.Apns);
            Write(json, "webpush", n.PushOptions?.Webpush);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, string name, JsonObject? value)
    {
        if (value is not null)
        {
            json.WritePropertyName(name);
            value.WriteTo(json);
        }
    }
}
