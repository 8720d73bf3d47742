using System.Text.Json.Nodes;
using K8sNotify.Dispatcher.Providers.Chat;

namespace K8sNotify.Dispatcher.Providers.Teams;

/// <summary>Builds the message a Teams Workflows or incoming webhook expects: an Adaptive Card in a message attachment.</summary>
public static class TeamsMessage
{
    /// <summary>The content type of an Adaptive Card attachment.</summary>
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>
    /// A body that is a whole message (<c>"type": "message"</c>) is sent as it is; a body that is an Adaptive Card
    /// (<c>"type": "AdaptiveCard"</c>) is wrapped in a message; without a body the text becomes a one-block card.
    /// Returns null with <paramref name="error"/> when the body cannot be used.
    /// </summary>
    public static JsonObject? Build(RenderedNotification notification, out string? error)
    {
        var body = ChatBody.Parse(notification.Body, out error);
        if (error is not null)
        {
            return null;
        }

        switch (body)
        {
            case JsonObject message when (string?)message["type"] == "message":
                return message;
            case JsonObject card when (string?)card["type"] == "AdaptiveCard":
                return Wrap(card);
            case null when !string.IsNullOrEmpty(notification.Text):
                return Wrap(TextCard(notification.Text));
            case null:
                error = "the chat message has neither text nor a card body";
                return null;
            default:
                error = "the rendered chat body must be an Adaptive Card (\"type\": \"AdaptiveCard\") or a message (\"type\": \"message\")";
                return null;
        }
    }

    private static JsonObject Wrap(JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = AdaptiveCardContentType, ["contentUrl"] = null, ["content"] = card }),
    };

    private static JsonObject TextCard(string text) => new()
    {
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["type"] = "AdaptiveCard",
        ["version"] = "1.4",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true }),
    };
}
