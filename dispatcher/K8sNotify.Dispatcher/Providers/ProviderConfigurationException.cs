namespace K8sNotify.Dispatcher.Providers;

/// <summary>A Provider resource cannot be turned into a working provider; the message names the field or secret.</summary>
public sealed class ProviderConfigurationException : Exception
{
    public ProviderConfigurationException(string message) : base(message)
    {
    }

    public ProviderConfigurationException(string message, Exception inner) : base(message, inner)
    {
    }
}
