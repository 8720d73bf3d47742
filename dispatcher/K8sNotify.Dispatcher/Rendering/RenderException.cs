namespace K8sNotify.Dispatcher.Rendering;

/// <summary>A template could not be parsed or rendered; a permanent failure of the notification, with the reason.</summary>
public sealed class RenderException(string message, Exception? inner = null) : Exception(message, inner);
