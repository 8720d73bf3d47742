using K8sNotify.Api.Manifests;
using K8sNotify.Api.Providers.Smtp;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Tests.Manifests;

public sealed class ManifestReaderTests
{
    private const string Yaml = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata:
          name: mail
        spec:
          type: smtp
          smtp:
            host: smtp.example.com
            port: 465
            tls: implicit
            from: "Shop <noreply@example.com>"
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
          namespace: shop
        stringData:
          password: s3cret
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: other
        """;

    [Fact]
    public void ReadString_MixedKinds_TypesKnownAndReportsOthers()
    {
        var set = ManifestReader.ReadString(Yaml);

        var provider = Assert.Single(set.Providers);
        Assert.Equal(SmtpProviderKind.Instance.Type, provider.Spec.Type);
        var smtp = SmtpProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        Assert.Equal(465, smtp.Port);
        Assert.Equal(SmtpTlsMode.Implicit, smtp.Tls);
        Assert.Equal("default", provider.Metadata.NamespaceProperty);
        Assert.Equal("s3cret", Assert.Single(set.Secrets).StringData["password"]);
        Assert.Equal("shop", set.Secrets[0].Metadata.NamespaceProperty);
        Assert.Contains(set.Ignored, i => i.StartsWith("apps/v1/Deployment other", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadString_ProviderTypeNotAString_NamesTheField()
    {
        var e = Assert.Throws<ManifestException>(() => ManifestReader.ReadString("""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Provider
            metadata: {name: x}
            spec: {type: {carrier: pigeon}}
            """));
        Assert.Contains("spec.type", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{window: 10m, template: other}", "the digest Template must be one of spec.templates")]
    [InlineData("{window: 10m, template: alert, maxItems: 5000}", "spec.digest.maxItems")]
    [InlineData("{window: soon, template: alert}", "spec.digest.window")]
    public void ReadDirectory_InvalidDigest_RejectedByTheSchemaNamingTheField(string digest, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("k8snotify-digest-").FullName;
        File.WriteAllText(Path.Combine(directory, "channel.yaml"), $$"""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Channel
            metadata: {name: c}
            spec:
              type: email
              subjects: [notify.c]
              templates: [alert]
              providers: [{name: p}]
              digest: {{digest}}
            """);

        var e = Assert.Throws<ManifestException>(() => ManifestReader.ReadDirectory(directory, "default", K8sNotify.Api.Schema.CrdSchemaValidator.Embedded));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_ValidDigest_Read()
    {
        var set = ManifestReader.ReadString("""
            apiVersion: notify.k8snotify.io/v1alpha1
            kind: Channel
            metadata: {name: c}
            spec:
              type: email
              subjects: [notify.c]
              templates: [alert, alert-digest]
              providers: [{name: p}]
              digest: {window: 10m, template: alert-digest, key: project.id}
            """);

        var digest = set.Channels[0].Spec.Digest!;
        Assert.Equal(("10m", 100, "alert-digest", "project.id"), (digest.Window, digest.MaxItems, digest.Template, digest.Key));
    }
}
