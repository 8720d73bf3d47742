namespace K8sNotify.Dispatcher.Providers;

/// <summary>A Provider resource cannot be turned into a working provider; the message names the field or secret.</summary>
public sealed class ProviderConfigurationException(string message) : Exception(message);
