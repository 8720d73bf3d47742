using K8sNotify.Dispatcher.Tests.Api;
using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Dispatcher.Tests.Recipients;

/// <summary>Manifests of the recipient-control tests: categorized Templates, the unsubscribe signing key and API tokens.</summary>
internal static class RecipientManifests
{
    public const string SigningKey = "unsubscribe-signing-key-0123456789abcdef";
    public const string PublicBaseUrl = "https://notify.example.com";

    /// <summary>An email Template named <paramref name="name"/> in <paramref name="category"/>.</summary>
    public static string EmailTemplate(string name, string category) => $$"""
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Template
        metadata:
          name: {{name}}
        spec:
          channelType: email
          category: {{category}}
          defaultLocale: en
          locales:
            en:
              subject: "{{name}} for {{ name }}"
              text: "Hello {{ name }} ({{name}})"
            de:
              subject: "{{name}} für {{ name }}"
              text: "Hallo {{ name }} ({{name}})"
        """;

    /// <summary>An email Channel with a marketing Template (news) and a transactional one (receipt), one-click links and API tokens.</summary>
    public static ChannelManifests EmailChannel((string Name, string Yaml) provider) => new()
    {
        Providers = [provider],
        TemplateYaml = EmailTemplate("news", "marketing"),
        Templates = ["news", "receipt"],
        ApiYaml = "{enabled: true, tokensSecretRef: {name: api-tokens}}",
        ExtraSpecYaml = $"  recipients:\n    unsubscribe:\n      publicBaseUrl: {PublicBaseUrl}\n      signingKeySecretRef: {{name: unsubscribe, key: key}}\n",
        ExtraYaml = EmailTemplate("receipt", "transactional") + $"""

            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: unsubscribe
            stringData:
              key: {SigningKey}
            ---
            {ApiFixture.Secret("api-tokens", "default", "shop", ApiFixture.Token)}
            """,
    };

    public static string Message(string id, string template, string to, string priority = "normal") =>
        $$$"""{"id":"{{{id}}}","template":"{{{template}}}","to":"{{{to}}}","priority":"{{{priority}}}","data":{"name":"Ada"}}""";
}
