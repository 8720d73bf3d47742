namespace K8sNotify.Api.Providers;

/// <summary>A Provider's settings block is missing or does not match its type's schema; the message names the field.</summary>
public sealed class ProviderSettingsException : Exception
{
    public ProviderSettingsException(string message) : base(message)
    {
    }

    public ProviderSettingsException(string message, Exception inner) : base(message, inner)
    {
    }
}
