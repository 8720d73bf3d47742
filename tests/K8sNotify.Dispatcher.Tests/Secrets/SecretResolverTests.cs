using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;
using K8sNotify.Dispatcher.Tests.Support;

namespace K8sNotify.Dispatcher.Tests.Secrets;

public sealed class SecretResolverTests
{
    private static readonly SecretKeyReference Password = new() { Name = "smtp-creds", Key = "password" };

    [Fact]
    public void Cluster_EnvironmentWinsOverMountedFile()
    {
        var root = DispatcherHarness.NewDirectory();
        Directory.CreateDirectory(Path.Combine(root, "smtp-creds"));
        File.WriteAllText(Path.Combine(root, "smtp-creds", "password"), "from-file\n");

        Assert.Equal("from-file", SecretResolver.ForCluster(_ => null, root).TryResolve(Password));
        Assert.Equal("from-env", SecretResolver.ForCluster(n => n == "K8SNOTIFY_SECRET_SMTP_CREDS_PASSWORD" ? "from-env" : null, root).TryResolve(Password));
    }

    [Fact]
    public void Standalone_ReadsDataAndStringDataOfTheChannelsNamespace()
    {
        var secrets = new[]
        {
            new V1Secret { Metadata = new() { Name = "smtp-creds", NamespaceProperty = "default" }, Data = new Dictionary<string, byte[]> { ["username"] = "mailer"u8.ToArray(), ["password"] = "old"u8.ToArray() }, StringData = new Dictionary<string, string> { ["password"] = "new" } },
            new V1Secret { Metadata = new() { Name = "smtp-creds", NamespaceProperty = "other" }, StringData = new Dictionary<string, string> { ["password"] = "wrong-namespace" } },
        };

        var resolver = SecretResolver.ForManifests(_ => null, secrets, "default");

        Assert.Equal("new", resolver.TryResolve(Password));
        Assert.Equal("mailer", resolver.TryResolve(new SecretKeyReference { Name = "smtp-creds", Key = "username" }));
        Assert.Null(resolver.TryResolve(new SecretKeyReference { Name = "smtp-creds", Key = "missing" }));
    }

    [Fact]
    public void Resolve_Missing_SaysWhereItLookedWithoutAValue()
    {
        var e = Assert.Throws<SecretNotFoundException>(() => ((ISecretResolver)SecretResolver.ForCluster(_ => null, "/nonexistent")).Resolve(Password));

        Assert.Contains("K8SNOTIFY_SECRET_SMTP_CREDS_PASSWORD", e.Message, StringComparison.Ordinal);
    }
}
