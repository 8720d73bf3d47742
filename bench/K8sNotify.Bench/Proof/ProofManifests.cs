namespace K8sNotify.Bench.Proof;

/// <summary>The manifests of the proof Channel: email, the welcome Template, one Provider delivering to the scenario's sink.</summary>
internal static class ProofManifests
{
    private const string ProviderName = "sink";

    /// <summary>Writes the manifest folder and returns its path.</summary>
    public static string Write(string directory, string channel, string subject, IDeliverySink sink, bool rateLimits, int concurrency)
    {
        Directory.CreateDirectory(directory);

        // Limits far above the load: every message pays the limiter's Redis round trip, none waits.
        var limits = rateLimits
            ? "\n  rateLimits: {perRecipient: {requests: 1000000000, period: 1s}, perChannel: {requests: 1000000000, period: 1s}}"
            : "";
        File.WriteAllText(Path.Combine(directory, "proof.yaml"), $$$"""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Channel
            metadata:
              name: {{{channel}}}
            spec:
              type: email
              subjects: ["{{{subject}}}"]
              templates: [welcome]
              providers:
              - name: {{{ProviderName}}}
              dispatcher:
                concurrency: {{{concurrency}}}{{{limits}}}
            ---
            {{{sink.ProviderYaml(ProviderName)}}}
            ---
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
                  text: "Hello {{ name }}, order {{ order }}."
                  html: "<p>Hello <b>{{ name }}</b>, order {{ order }}</p>"
            """);
        return directory;
    }
}
