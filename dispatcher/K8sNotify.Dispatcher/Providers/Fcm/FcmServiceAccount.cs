using System.Text.Json;

namespace K8sNotify.Dispatcher.Providers.Fcm;

/// <summary>The fields of a Google service-account JSON key that FCM needs. Errors never quote the JSON: it holds a private key.</summary>
internal sealed record FcmServiceAccount(string ClientEmail, string PrivateKey, string? PrivateKeyId, string? ProjectId, string? TokenUri)
{
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    // Records print their members; the private key must never reach a log through ToString.
    public override string ToString() => $"service account {ClientEmail}";

    public static FcmServiceAccount Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new ProviderConfigurationException($"spec.fcm.serviceAccountSecretRef is not valid JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ProviderConfigurationException($"spec.fcm.serviceAccountSecretRef is not a JSON object");
            }

            var type = Text(root, "type");
            if (type != "service_account")
            {
                throw new ProviderConfigurationException($"spec.fcm.serviceAccountSecretRef must be a service-account key (type service_account)");
            }

            return new FcmServiceAccount(
                Required(root, "client_email"),
                Required(root, "private_key"),
                Text(root, "private_key_id"),
                Text(root, "project_id"),
                Text(root, "token_uri"));
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Required(JsonElement root, string name) =>
        Text(root, name) is { Length: > 0 } value
            ? value
            : throw new ProviderConfigurationException($"spec.fcm.serviceAccountSecretRef has no {name}");
}
