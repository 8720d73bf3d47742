using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Providers.Chat;

namespace K8sNotify.Dispatcher.Providers.Slack;

/// <summary>Builds the JSON of a Slack message (incoming webhook or chat.postMessage) from a rendered chat notification.</summary>
public static class SlackMessage
{
    /// <summary>
    /// <c>text</c> always (the notification text, Slack's fallback for blocks); a body that is an array becomes
    /// <c>blocks</c>, a body that is an object supplies message fields (blocks, attachments, unfurl_links, ...).
    /// Returns null with <paramref name="error"/> when the body cannot be used.
    /// </summary>
    public static JsonObject? Build(RenderedNotification notification, string? channel, out string? error)
    {
        var message = new JsonObject();
        switch (ChatBody.Parse(notification.Body, out error))
        {
            case null when error is not null:
                return null;
            case JsonArray blocks:
                message["blocks"] = blocks;
                break;
            case JsonObject fields:
                foreach (var (name, value) in fields.ToList())
                {
                    fields.Remove(name);
                    message[name] = value;
                }

                break;
            case { } other:
                error = $"the rendered chat body must be a JSON array of blocks or an object, not a {other.GetValueKind().ToString().ToLowerInvariant()}";
                return null;
        }

        if (!string.IsNullOrEmpty(notification.Text))
        {
            message["text"] = notification.Text;
        }

        if (message["text"] is null && message["blocks"] is null && message["attachments"] is null)
        {
            error = "the chat message has neither text nor blocks";
            return null;
        }

        if (channel is not null)
        {
            message["channel"] = channel;
        }

        return message;
    }
}
