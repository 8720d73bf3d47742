using System.Globalization;
using System.Text;

namespace K8sNotify.TestSupport.Manifests;

/// <summary>
/// The manifests of one standalone test Channel (email, a "welcome" Template, outbox/SMTP/webhook Providers) as the
/// dispatcher's <c>--manifests</c> folder reads them; shared by the dispatcher tests, the fault suite and the bench.
/// </summary>
public sealed record ChannelManifests
{
    private static int _counter;
    private readonly string? _subject;

    /// <summary>A unique name per instance, so tests sharing one nats-server never share a stream.</summary>
    public string Name { get; init; } = "ch" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

    public string Namespace { get; init; } = "default";

    /// <summary>The Channel's <c>spec.type</c> (the Template's channelType must match it).</summary>
    public string Type { get; init; } = "email";

    public string Subject
    {
        get => _subject ?? $"test.{Name}";
        init => _subject = value;
    }

    /// <summary>spec.retry.maxAttempts; null leaves the whole retry block to the CRD defaults.</summary>
    public int? MaxAttempts { get; init; } = 5;

    public string Backoff { get; init; } = "50ms";

    public string MaxBackoff { get; init; } = "200ms";

    public int Concurrency { get; init; } = 16;

    /// <summary>Provider manifests (YAML documents without the leading ---) in chain order.</summary>
    public IReadOnlyList<(string Name, string Yaml)> Providers { get; init; } = [];

    public string TemplateYaml { get; init; } = DefaultTemplate;

    /// <summary>The Templates the Channel lists (extra ones go into <see cref="ExtraYaml"/>).</summary>
    public IReadOnlyList<string> Templates { get; init; } = ["welcome"];

    public string? ExtraYaml { get; init; }

    /// <summary>The Channel's <c>spec.rateLimits</c> as a YAML flow mapping, e.g. <c>{perRecipient: {requests: 2, period: 1s}}</c>.</summary>
    public string? RateLimitsYaml { get; init; }

    /// <summary>The Channel's <c>spec.api</c> as a YAML flow mapping, e.g. <c>{enabled: true, tokensSecretRef: {name: api-tokens}}</c>.</summary>
    public string? ApiYaml { get; init; }

    /// <summary>Further lines of the Channel's spec (two-space indented YAML), appended as they are.</summary>
    public string? ExtraSpecYaml { get; init; }

    /// <summary>The welcome Template with en, de and pt-BR locales; the en text reads "Hello {name}, order {data.order}.".</summary>
    public static string DefaultTemplate { get; } = WelcomeTemplate();

    /// <summary>A "welcome" email Template whose en locale uses the given text and HTML and whose schema requires the given fields.</summary>
    public static string WelcomeTemplate(
        string text = "Hello {{ name }}, order {{ data.order }}.",
        string html = "<p>Hello <b>{{ name }}</b></p>",
        string required = "[name]") => $$$"""
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Template
        metadata:
          name: welcome
        spec:
          channelType: email
          defaultLocale: en
          dataSchema:
            type: object
            required: {{{required}}}
            properties:
              name: {type: string}
              order: {type: integer}
          locales:
            en:
              subject: "Welcome, {{ name }}"
              text: "{{{text}}}"
              html: "{{{html}}}"
            de:
              subject: "Willkommen, {{ name }}"
              text: "Hallo {{ name }}."
              html: "<p>Hallo {{ name }}</p>"
            pt-BR:
              subject: "Bem-vindo, {{ name }}"
              text: "Olá {{ name }}."
        """;

    /// <summary>An outbox Provider writing one JSON file per delivery; no in-process retries, so tests count JetStream redeliveries.</summary>
    public static (string Name, string Yaml) Outbox(string name, string directory) => (name, $"""
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata:
          name: {name}
        spec:
          type: outbox
          timeout: 5s
          retry:
            maxRetries: 0
          outbox:
            directory: "{directory}"
        """);

    /// <summary>A webhook Provider POSTing to <paramref name="url"/>, with its timeout, in-process retries and circuit break duration.</summary>
    public static (string Name, string Yaml) Webhook(string name, string url, string timeout = "5s", int maxRetries = 1, string backoff = "50ms", string breakDuration = "1s") => (name, $"""
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata:
          name: {name}
        spec:
          type: webhook
          timeout: {timeout}
          retry:
            maxRetries: {maxRetries.ToString(CultureInfo.InvariantCulture)}
            backoff: {backoff}
          circuitBreaker:
            breakDuration: {breakDuration}
          webhook:
            url: "{url}"
        """);

    /// <summary>An SMTP Provider on 127.0.0.1, with username/password from the named Secret when one is given.</summary>
    public static (string Name, string Yaml) Smtp(string name, int port, string tls = "none", string? secret = null, string timeout = "5s")
    {
        var yaml = $"""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Provider
            metadata:
              name: {name}
            spec:
              type: smtp
              timeout: {timeout}
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

    public string ChannelYaml
    {
        get
        {
            var yaml = new StringBuilder($"""
                apiVersion: notify.k8snotify.io/v1alpha1
                kind: Channel
                metadata:
                  name: {Name}
                  namespace: {Namespace}
                spec:
                  type: {Type}
                  subjects: ["{Subject}"]
                  templates: [{string.Join(", ", Templates)}]
                  providers:

                """);
            foreach (var (name, _) in Providers)
            {
                yaml.Append("  - name: ").Append(name).Append('\n');
            }

            if (MaxAttempts is { } maxAttempts)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  retry:\n    maxAttempts: {maxAttempts}\n    backoff: {Backoff}\n    maxBackoff: {MaxBackoff}\n");
            }

            yaml.Append(CultureInfo.InvariantCulture, $"  dispatcher:\n    concurrency: {Concurrency}\n");
            AppendIfSet(yaml, "  rateLimits: ", RateLimitsYaml);
            AppendIfSet(yaml, "  api: ", ApiYaml);
            AppendIfSet(yaml, string.Empty, ExtraSpecYaml);
            return yaml.ToString();
        }
    }

    /// <summary>Writes every manifest (Channel, Template, Providers, extras each in its own file) and returns the folder.</summary>
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

    private static void AppendIfSet(StringBuilder yaml, string prefix, string? value)
    {
        if (value is not null)
        {
            yaml.Append(prefix).Append(value).Append('\n');
        }
    }
}
