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
}
