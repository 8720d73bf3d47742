using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Dispatcher.Tests.Digests;

/// <summary>Manifests of the digest tests: an email Channel whose "alert" notifications are combined by the "alert-digest" Template.</summary>
internal static class DigestManifests
{
    public const string DigestText = "{% for item in items %}[{{ item.id }}] {{ item.data.title }}\\n{% endfor %}";

    /// <summary>A Template that passes validation but never finishes rendering (the step limit ends it).</summary>
    public const string RunawayText = "{% for i in (1..1000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}";

    public static string Template(string name, string subject, string text) => string.Join(
        '\n',
        "apiVersion: notify.k8snotify.io/v1alpha1",
        "kind: Template",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  channelType: email",
        "  defaultLocale: en",
        "  locales:",
        "    en:",
        $"      subject: \"{subject}\"",
        $"      text: \"{text}\"",
        "");

    public static ChannelManifests Channel((string Name, string Yaml) provider, int maxItems = 100, string digestText = DigestText) => new()
    {
        Providers = [provider],
        TemplateYaml = Template("alert", "Alert {{ title }}", "{{ title }}"),
        Templates = ["alert", "alert-digest"],
        ExtraYaml = Template("alert-digest", "{{ count }} alerts for {{ key }}", digestText),
        ExtraSpecYaml = $"  digest: {{window: 10m, maxItems: {maxItems}, template: alert-digest, key: project}}\n",
    };

    public static string Message(string id, string to = "ops@example.com", string project = "p1", string priority = "normal") =>
        $$$"""{"id":"{{{id}}}","template":"alert","to":"{{{to}}}","priority":"{{{priority}}}","data":{"title":"title of {{{id}}}","project":"{{{project}}}"}}""";
}
