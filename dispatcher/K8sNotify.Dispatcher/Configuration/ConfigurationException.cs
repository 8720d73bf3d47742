namespace K8sNotify.Dispatcher.Configuration;

/// <summary>The dispatcher's configuration cannot be used; the message says which file or resource and why.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
