using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>Rendered notifications and resources for provider tests.</summary>
public static class Notifications
{
    public static RenderedNotification Sms(string to = "+15005550006", string text = "Your code is 1234") => new()
    {
        NotificationId = "order-42-confirmation",
        Namespace = "shop",
        Channel = "sms",
        ChannelType = ChannelType.Sms,
        Recipient = to,
        Template = "order-confirmation",
        Locale = "en",
        Text = text,
    };

    public static RenderedNotification Push(string token = "device-token-1", PushOptions? options = null) => new()
    {
        NotificationId = "order-42-shipped",
        Namespace = "shop",
        Channel = "push",
        ChannelType = ChannelType.Push,
        Recipient = token,
        Template = "order-shipped",
        Locale = "de",
        Title = "Bestellung 42",
        Body = "ist unterwegs",
        Data = new Dictionary<string, string> { ["order"] = "42", ["screen"] = "orders" },
        PushOptions = options,
    };

    public static RenderedNotification Webhook(string id = "order-42-confirmation") => new()
    {
        NotificationId = id,
        Namespace = "shop",
        Channel = "hooks",
        ChannelType = ChannelType.Webhook,
        Recipient = "crm",
        Template = "order-confirmation",
        Locale = "en",
        Subject = "Order 42",
        Text = "Thanks for your order",
        Data = new Dictionary<string, string> { ["order"] = "42" },
    };

    public static Provider Provider(string name, ProviderSpec spec) => new()
    {
        Metadata = new k8s.Models.V1ObjectMeta { Name = name, NamespaceProperty = "shop" },
        Spec = spec,
    };
}
