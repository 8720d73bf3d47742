using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Providers;

/// <summary>Resolves the Secret keys a provider needs, turning a missing or empty one into a configuration error naming the field.</summary>
public static class ProviderSecrets
{
    public static string Resolve(ISecretResolver secrets, SecretKeyReference reference, string field)
    {
        string value;
        try
        {
            value = secrets.Resolve(reference);
        }
        catch (SecretNotFoundException e)
        {
            throw new ProviderConfigurationException($"{field}: {e.Message}");
        }

        return string.IsNullOrEmpty(value)
            ? throw new ProviderConfigurationException($"{field} ({reference}) is empty")
            : value;
    }
}
