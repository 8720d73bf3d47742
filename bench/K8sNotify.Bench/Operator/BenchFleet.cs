using System.Globalization;
using System.Text;
using K8sNotify.Api.Manifests;

namespace K8sNotify.Bench.Operator;

/// <summary>
/// The objects of the convergence bench, as a platform team would write them: per namespace two Secrets, two Providers
/// (SMTP relay, signed webhook) and three Templates shared by that namespace's Channels. Every Channel uses
/// <see cref="SharedTemplate"/>; every second one also <see cref="UpdatedTemplate"/> (the one phase 2 edits), every third
/// one also <see cref="ThirdTemplate"/>. Streams are in memory with one replica (one local nats-server).
/// </summary>
internal static class BenchFleet
{
    public const string SharedTemplate = "order-confirmation";
    public const string UpdatedTemplate = "welcome";
    public const string ThirdTemplate = "password-reset";

    public static string Namespace(int index) => $"tenant-{index:D2}";

    public static string ChannelName(int index) => $"ch-{index:D4}";

    /// <summary>Whether Channel <paramref name="index"/> references <see cref="UpdatedTemplate"/>.</summary>
    public static bool UsesUpdatedTemplate(int index) => index % 2 == 0;

    /// <summary>Channels <c>0..channels-1</c>, round-robin over the namespaces, with each namespace's shared objects.</summary>
    public static ManifestSet Build(int channels, int namespaces)
    {
        var yaml = new StringBuilder();
        for (var n = 0; n < namespaces; n++)
        {
            AppendShared(yaml, Namespace(n));
        }

        for (var i = 0; i < channels; i++)
        {
            AppendChannel(yaml, Namespace(i % namespaces), i);
        }

        var set = ManifestReader.ReadString(yaml.ToString(), "operator-bench");
        foreach (var secret in set.Secrets)
        {
            // The API server stores stringData as data; the fake stores what it is given.
            secret.Data = (secret.StringData ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value));
            secret.StringData = null;
        }

        return set;
    }

    /// <summary>The edited text phase 2 gives <see cref="UpdatedTemplate"/>.</summary>
    public static string UpdatedSubject(string marker) => $$$"""Welcome aboard, {{ customer.name }} ({{{marker}}})""";

    private static void AppendShared(StringBuilder yaml, string ns) => yaml.Append(CultureInfo.InvariantCulture, $$$"""
        apiVersion: v1
        kind: Secret
        metadata: {name: smtp-credentials, namespace: {{{ns}}}}
        stringData: {username: bench, password: not-a-real-password}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: webhook-signing, namespace: {{{ns}}}}
        stringData: {key: not-a-real-key}
        ---
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata: {name: mail-relay, namespace: {{{ns}}}}
        spec:
          type: smtp
          smtp:
            host: smtp.example.com
            port: 587
            tls: starttls
            from: "Shop <noreply@example.com>"
            usernameSecretRef: {name: smtp-credentials, key: username}
            passwordSecretRef: {name: smtp-credentials, key: password}
          timeout: 10s
        ---
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata: {name: mail-webhook, namespace: {{{ns}}}}
        spec:
          type: webhook
          webhook:
            url: https://hooks.example.com/mail
            hmac:
              secretRef: {name: webhook-signing, key: key}
        ---
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Template
        metadata: {name: {{{SharedTemplate}}}, namespace: {{{ns}}}}
        spec:
          channelType: email
          defaultLocale: en
          locales:
            en:
              subject: "Order {{ order.id }} confirmed"
              text: "Hello {{ customer.name }}, your order {{ order.id }} is on its way."
              html: "<p>Hello {{ customer.name }}, your order <b>{{ order.id }}</b> is on its way.</p>"
            de:
              subject: "Bestellung {{ order.id }} bestätigt"
              text: "Hallo {{ customer.name }}, Ihre Bestellung {{ order.id }} ist unterwegs."
          dataSchema:
            type: object
            required: [order, customer]
        ---
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Template
        metadata: {name: {{{UpdatedTemplate}}}, namespace: {{{ns}}}}
        spec:
          channelType: email
          defaultLocale: en
          locales:
            en:
              subject: "Welcome, {{ customer.name }}"
              text: "Hello {{ customer.name }}, welcome to the shop."
        ---
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Template
        metadata: {name: {{{ThirdTemplate}}}, namespace: {{{ns}}}}
        spec:
          channelType: email
          defaultLocale: en
          locales:
            en:
              subject: "Reset your password"
              text: "Use this link within {{ minutes }} minutes: {{ link }}"
        ---

        """);

    private static void AppendChannel(StringBuilder yaml, string ns, int index)
    {
        var templates = new List<string> { SharedTemplate };
        if (UsesUpdatedTemplate(index))
        {
            templates.Add(UpdatedTemplate);
        }

        if (index % 3 == 0)
        {
            templates.Add(ThirdTemplate);
        }

        var name = ChannelName(index);
        yaml.Append(CultureInfo.InvariantCulture, $$$"""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Channel
            metadata: {name: {{{name}}}, namespace: {{{ns}}}}
            spec:
              type: email
              subjects: [{{{ns}}}.{{{name}}}]
              stream: {replicas: 1, storage: memory, maxAge: 1h}
              templates: [{{{string.Join(", ", templates)}}}]
              providers:
                - name: mail-relay
                - name: mail-webhook
              retry: {maxAttempts: 5, backoff: 10s}
              dispatcher:
                replicas: {min: 1, max: 4}
                targetPendingPerReplica: 500
              deletionPolicy: Delete
            ---

            """);
    }
}
