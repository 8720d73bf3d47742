using System.Text;

namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>
/// Manifests of the standalone "faults" Channel (default namespace) as a webhook Channel: the same stream, status bucket
/// and dead-letter names as <see cref="FaultChannel"/>, delivering through one or more webhook Providers in failover order.
/// </summary>
public sealed class WebhookChannel : IDisposable
{
    private WebhookChannel(string work) => Work = work;

    public string Work { get; }

    public string Manifests => Path.Combine(Work, "manifests");

    /// <summary>Writes the manifests into a new temp folder (deleted on dispose).</summary>
    /// <param name="endpoints">The provider chain, first tried first.</param>
    /// <param name="retry">Channel redelivery: <c>(maxAttempts, backoff, maxBackoff)</c>.</param>
    /// <param name="rateLimits">The Channel's <c>rateLimits</c> block as YAML lines under it, or null.</param>
    /// <param name="concurrency">Messages one dispatcher works on at once.</param>
    public static WebhookChannel Write(IReadOnlyList<WebhookEndpoint> endpoints, (int MaxAttempts, string Backoff, string MaxBackoff) retry, string? rateLimits = null, int concurrency = 16)
    {
        var work = Directory.CreateTempSubdirectory("k8snotify-faults-webhook-").FullName;
        var yaml = new StringBuilder();
        yaml.Append($$"""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Channel
            metadata:
              name: faults
            spec:
              type: webhook
              subjects: ["{{FaultChannel.Subject}}"]
              templates: [welcome]
              providers:
            {{string.Join("\n", endpoints.Select(e => "  - name: " + e.Name))}}
              retry:
                maxAttempts: {{retry.MaxAttempts}}
                backoff: {{retry.Backoff}}
                maxBackoff: {{retry.MaxBackoff}}
              dispatcher:
                concurrency: {{concurrency}}

            """);
        if (rateLimits is not null)
        {
            yaml.Append("  rateLimits:\n").Append(string.Join('\n', rateLimits.Split('\n').Select(l => "    " + l.TrimEnd()))).Append('\n');
        }

        foreach (var e in endpoints)
        {
            yaml.Append($$"""
                ---
                apiVersion: notify.k8snotify.io/v1alpha1
                kind: Provider
                metadata:
                  name: {{e.Name}}
                spec:
                  type: webhook
                  timeout: {{e.Timeout}}
                  retry:
                    maxRetries: {{e.MaxRetries}}
                    backoff: {{e.RetryBackoff}}
                  circuitBreaker:
                    breakDuration: {{e.BreakDuration}}
                  webhook:
                    url: {{e.Url}}

                """);
        }

        yaml.Append("""
            ---
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Template
            metadata:
              name: welcome
            spec:
              channelType: webhook
              defaultLocale: en
              dataSchema:
                type: object
                required: [name, ref]
              locales:
                en:
                  subject: "Welcome, {{ name }}"
                  text: "Hello {{ name }}, ref={{ ref }};"

            """);
        var dir = Directory.CreateDirectory(Path.Combine(work, "manifests")).FullName;
        File.WriteAllText(Path.Combine(dir, "faults.yaml"), yaml.ToString());
        return new WebhookChannel(work);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    /// <summary>A well-formed notification for the webhook Channel (recipient is an opaque id).</summary>
    public static byte[] Good(string id) =>
        Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\",\"template\":\"welcome\",\"to\":\"user-" + id + "\",\"data\":{\"name\":\"Ada\",\"ref\":\"" + id + "\"}}");
}
