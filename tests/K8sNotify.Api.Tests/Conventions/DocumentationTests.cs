using System.Text.RegularExpressions;
using K8sNotify.TestSupport;

namespace K8sNotify.Api.Tests.Conventions;

/// <summary>The README stays a front door (small), and every relative link in the README, CONTRIBUTING and docs/ resolves.</summary>
public sealed partial class DocumentationTests
{
    /// <summary>The README's budget: what it is, the picture, the two commands, install, a tour and links; reference goes to docs/.</summary>
    public const int MaxReadmeBytes = 12 * 1024;

    public static TheoryData<string> MarkdownFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in new[] { "README.md", "CONTRIBUTING.md" }.Concat(DocsMarkdown()))
        {
            files.Add(file);
        }

        return files;
    }

    [Fact]
    public void Readme_Size_IsAtMostTwelveKilobytes()
    {
        var size = new FileInfo(RepositoryRoot.Combine("README.md")).Length;

        Assert.True(size <= MaxReadmeBytes, $"README.md is {size} bytes; keep it at most {MaxReadmeBytes} and move reference material to docs/");
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Markdown_RelativeLinks_Resolve(string file)
    {
        var path = RepositoryRoot.Combine(file);
        var directory = Path.GetDirectoryName(path)!;

        var broken = RelativeLinks(File.ReadAllText(path))
            .Where(target => !File.Exists(Path.Combine(directory, target)) && !Directory.Exists(Path.Combine(directory, target)))
            .ToList();

        Assert.True(broken.Count == 0, $"{file} links to missing files: {string.Join(", ", broken)}");
    }

    [Fact]
    public void RelativeLinks_SkipsUrlsAnchorsAndCode_KeepsPathsWithoutFragments()
    {
        const string Markdown = """
            See [a](docs/a.md#part), [web](https://example.com/x), [top](#intro) and ![img](img/p.png "title").
            ```
            [not a link](nowhere.md)
            ```
            Inline `[code](ignored.md)` too.
            """;

        Assert.Equal(["docs/a.md", "img/p.png"], RelativeLinks(Markdown));
    }

    /// <summary>The link targets in <paramref name="markdown"/> that are paths inside the repository, without their #fragment.</summary>
    internal static IReadOnlyList<string> RelativeLinks(string markdown)
    {
        var prose = InlineCode().Replace(FencedBlock().Replace(markdown, string.Empty), string.Empty);
        return [.. Link().Matches(prose)
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.StartsWith('#') && !UrlScheme().IsMatch(target))
            .Select(target => target.Split('#')[0])];
    }

    private static IEnumerable<string> DocsMarkdown() =>
        Directory.EnumerateFiles(RepositoryRoot.Combine("docs"), "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"(?ms)^\s*```.*?^\s*```")]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UrlScheme();
}
