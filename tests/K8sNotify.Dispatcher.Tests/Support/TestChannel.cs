using System.Globalization;
using System.Text;

namespace K8sNotify.Dispatcher.Tests.Support;

/// <summary>Writes the manifests of one test Channel (email, a welcome Template, an outbox or SMTP Provider) into a folder.</summary>
internal sealed record TestChannel
{
    public static int Counter;

    public string Name { get; init; } = "ch" + Interlocked.Increment(ref Counter).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

    public string Namespace { get; init; } = "default";

    /// <summary>The Channel's <c>spec.type</c> (the Template must match it).</summary>
    public string Type { get; init; } = "email";

    public string Subject => $"test.{Name}";

    public int MaxAttempts { get; init; } = 5;

    public string Backoff { get; init; } = "50ms";

    public string MaxBackoff { get; init; } = "200ms";

    public int Concurrency { get; init; } = 16;

    /// <summary>Provider manifests (YAML documents without the leading ---) and the chain order.</summary>
    public IReadOnlyList<(string Name, string Yaml)> Providers { get; init; } = [];

    public string TemplateYaml { get; init; } = DefaultTemplate;

    public string? ExtraYaml { get; init; }

    /// <summary>The Channel's <c>spec.rateLimits</c> as a YAML flow mapping, e.g. <c>{perRecipient: {requests: 2, period: 1s}}</c>.</summary>
    public string? RateLimitsYaml { get; init; }

    /// <summary>The Channel's <c>spec.api</c> as a YAML flow mapping, e.g. <c>{enabled: true, tokensSecretRef: {name: api-tokens}}</c>.</summary>
    public string? ApiYaml { get; init; }

    /// <summary>The Channel's <c>spec.statusWebhook</c> as a YAML flow mapping, e.g. <c>{url: "http://...", secretRef: {name: hook, key: key}}</c>.</summary>
    public string? StatusWebhookYaml { get; init; }

    public const string DefaultTemplate = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Template
        metadata:
          name: welcome
        spec:
          channelType: email
          defaultLocale: en
          dataSchema:
            type: object
            required: [name]
            properties:
              name: {type: string}
              order: {type: integer}
          locales:
            en:
              subject: "Welcome, {{ name }}"
              text: "Hello {{ name }}, order {{ data.order }}."
              html: "<p>Hello <b>{{ name }}</b></p>"
            de:
              subject: "Willkommen, {{ name }}"
              text: "Hallo {{ name }}."
              html: "<p>Hallo {{ name }}</p>"
            pt-BR:
              subject: "Bem-vindo, {{ name }}"
              text: "Olá {{ name }}."
        """;

    public static (string Name, string Yaml) Outbox(string name, string directory) => (name, $"""
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata:
          name: {name}
        spec:
          type: outbox
          timeout: 5s
          retry:
            maxRetries: 0 # pipeline tests count JetStream redeliveries, not in-process retries
          outbox:
            directory: "{directory}"
        """);

    public static (string Name, string Yaml) Smtp(string name, int port, string tls = "none", string? secret = null)
    {
        var yaml = $"""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Provider
            metadata:
              name: {name}
            spec:
              type: smtp
              timeout: 5s
              smtp:
                host: 127.0.0.1
                port: {port}
                tls: {tls}
                from: "Shop <noreply@shop.example>"
            """;
        if (secret is not null)
        {
            yaml += $"""

                    usernameSecretRef:
                      name: {secret}
                      key: username
                    passwordSecretRef:
                      name: {secret}
                      key: password
                """;
        }

        return (name, yaml);
    }

    public string ChannelYaml => $"""
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Channel
        metadata:
          name: {Name}
          namespace: {Namespace}
        spec:
          type: {Type}
          subjects: ["{Subject}"]
          templates: [welcome]
          providers:
        {string.Join("\n", Providers.Select(p => $"    - name: {p.Name}"))}
          retry:
            maxAttempts: {MaxAttempts}
            backoff: {Backoff}
            maxBackoff: {MaxBackoff}
          dispatcher:
            concurrency: {Concurrency}
        {(RateLimitsYaml is null ? "" : $"  rateLimits: {RateLimitsYaml}")}
        {(ApiYaml is null ? "" : $"  api: {ApiYaml}")}
        {(StatusWebhookYaml is null ? "" : $"  statusWebhook: {StatusWebhookYaml}")}
        """;

    /// <summary>Writes every manifest (each document in its own file) and returns the folder.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "channel.yaml"), ChannelYaml);
        File.WriteAllText(Path.Combine(directory, "template.yaml"), TemplateYaml);
        var providers = new StringBuilder();
        foreach (var (_, yaml) in Providers)
        {
            providers.Append("---\n").Append(yaml).Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, "providers.yaml"), providers.ToString());
        if (ExtraYaml is not null)
        {
            File.WriteAllText(Path.Combine(directory, "extra.yaml"), ExtraYaml);
        }

        return directory;
    }
}
