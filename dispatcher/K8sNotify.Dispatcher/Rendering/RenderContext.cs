using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.Rendering;

/// <summary>What a rendering needs besides the Template and message: the recipient and where the notification belongs.</summary>
public sealed record RenderContext(
    string NotificationId,
    string Namespace,
    string Channel,
    ChannelType ChannelType,
    string Recipient,
    DateTimeOffset PublishedAt,
    int Attempt);
