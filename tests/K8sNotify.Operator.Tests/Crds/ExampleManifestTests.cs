using K8sNotify.Api.Schema;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.Providers.Outbox;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Crds;

public sealed class ExampleManifestTests
{
    private static readonly CrdSchemaValidator Validator = CrdSchemaValidator.FromDirectory(RepositoryRoot.Combine("crds"));

    public static TheoryData<string, int> ExampleDocuments()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in ExampleFiles())
        {
            var documents = YamlJson.ParseDocuments(File.ReadAllText(RepositoryRoot.Combine("examples", file)));
            for (var i = 0; i < documents.Count; i++)
            {
                if (Validator.Knows(documents[i].AsObject()))
                {
                    data.Add(file, i);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleDocuments))]
    public void Validate_ExampleManifest_IsAccepted(string file, int document)
    {
        var manifest = YamlJson.ParseDocuments(File.ReadAllText(RepositoryRoot.Combine("examples", file)))[document].AsObject();

        var errors = Validator.Validate(manifest);

        Assert.True(errors.Count == 0, $"{file} document {document}:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void Validate_ReadmeApiSnippets_AreAccepted()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var snippets = readme.Split("```yaml\n").Skip(1).Select(block => block[..block.IndexOf("```", StringComparison.Ordinal)]).ToList();

        var kinds = new List<string>();
        foreach (var snippet in snippets)
        {
            var manifest = YamlJson.ParseDocuments(snippet)[0].AsObject();
            Assert.Empty(Validator.Validate(manifest));
            kinds.Add(manifest["kind"]!.GetValue<string>());
        }

        Assert.Equal(["Channel", "Provider", "Template"], kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadDirectory_Examples_EveryReferenceResolves()
    {
        var set = ManifestReader.ReadDirectory(RepositoryRoot.Combine("examples"));

        Assert.Empty(set.Ignored);
        var providers = set.Providers.ToDictionary(p => p.Metadata.Name);
        var templates = set.Templates.ToDictionary(t => t.Metadata.Name);
        var secrets = set.Secrets.ToDictionary(s => s.Metadata.Name);
        foreach (var channel in set.Channels)
        {
            foreach (var reference in channel.Spec.Providers)
            {
                Assert.True(providers.ContainsKey(reference.Name), $"Channel {channel.Metadata.Name}: no Provider {reference.Name}");
            }

            foreach (var name in channel.Spec.Templates)
            {
                Assert.True(templates.TryGetValue(name, out var template), $"Channel {channel.Metadata.Name}: no Template {name}");
                Assert.Equal(channel.Spec.Type, template.Spec.ChannelType);
            }
        }

        foreach (var provider in set.Providers)
        {
            foreach (var reference in SecretReferences.Of(provider))
            {
                Assert.True(secrets.TryGetValue(reference.Name, out var secret), $"Provider {provider.Metadata.Name}: no Secret {reference.Name}");
                Assert.True(secret.StringData?.ContainsKey(reference.Key) == true, $"Secret {reference.Name} has no key {reference.Key}");
            }
        }
    }

    [Fact]
    public void ReadDirectory_Examples_HaveTheQuickstartChannelOnAnOutbox()
    {
        var set = ManifestReader.ReadDirectory(RepositoryRoot.Combine("examples"));

        var quickstart = Assert.Single(set.Channels, c => c.Metadata.Name == "quickstart");
        Assert.Equal(["notify.quickstart"], quickstart.Spec.Subjects);
        Assert.Equal(["welcome"], quickstart.Spec.Templates);
        var provider = set.Providers.Single(p => p.Metadata.Name == Assert.Single(quickstart.Spec.Providers).Name);
        Assert.Equal(".quickstart/outbox", OutboxProviderKind.Instance.SettingsOf(provider.Spec)?.Directory);
        var welcome = set.Templates.Single(t => t.Metadata.Name == "welcome");
        Assert.Equal(["de", "en"], welcome.Spec.Locales.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kustomization_Examples_ListsEveryExampleFile()
    {
        var listed = ListedResources(RepositoryRoot.Combine("examples"), "").Order(StringComparer.Ordinal);

        Assert.Equal(ExampleFiles(), listed);
    }

    // The files a kustomization lists, following folder entries into their own kustomization.yaml.
    private static IEnumerable<string> ListedResources(string directory, string prefix)
    {
        var kustomization = YamlJson.ParseDocuments(File.ReadAllText(Path.Combine(directory, "kustomization.yaml")))[0];
        foreach (var resource in kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>()))
        {
            var path = Path.Combine(directory, resource);
            var items = Directory.Exists(path) ? ListedResources(path, prefix + resource + "/") : [prefix + resource];
            foreach (var item in items)
            {
                yield return item;
            }
        }
    }

    private static string[] ExampleFiles()
    {
        var root = RepositoryRoot.Combine("examples");
        return [.. Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)];
    }
}
