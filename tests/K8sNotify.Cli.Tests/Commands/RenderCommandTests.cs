using System.Text.Json.Nodes;
using K8sNotify.Cli.Tests.Support;
using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Cli.Tests.Commands;

public sealed class RenderCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("k8snotify-render-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Render_TemplateFile_PrintsEveryLocaleWithHtmlEscapedOnlyInHtml()
    {
        var file = Write("template.yaml", ChannelManifests.DefaultTemplate);

        var run = await CliRun.InvokeAsync("render", "--file", file, "--data", """{"name": "Ada & <Bob>", "order": 42}""");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("=== en\nsubject: Welcome, Ada & <Bob>\n--- text\nHello Ada & <Bob>, order 42.\n--- html\n<p>Hello <b>Ada &amp; &lt;Bob&gt;</b></p>", run.Output, StringComparison.Ordinal);
        Assert.Contains("=== de\nsubject: Willkommen, Ada & <Bob>", run.Output, StringComparison.Ordinal);
        Assert.Contains("=== pt-BR\nsubject: Bem-vindo, Ada & <Bob>", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_RegionalLocaleAsJson_ResolvesToItsLanguageAsTheDispatcherDoes()
    {
        var file = Write("template.yaml", ChannelManifests.DefaultTemplate);
        var data = Write("data.json", """{"name": "Ada"}""");

        var run = await CliRun.InvokeAsync("render", "--file", file, "--data-file", data, "--locale", "de-AT", "--output", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var rendered = Assert.Single(JsonNode.Parse(run.Output)!.AsArray());
        Assert.Equal("de", rendered!["locale"]!.GetValue<string>());
        Assert.Equal("Willkommen, Ada", rendered["subject"]!.GetValue<string>());
        Assert.Equal("<p>Hallo Ada</p>", rendered["html"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_TemplateFromManifestFolder_RendersWithoutNats()
    {
        var folder = new ChannelManifests { Providers = [] }.WriteTo(Path.Combine(_directory.FullName, "manifests"));

        var run = await CliRun.InvokeAsync("render", "--manifests", folder, "--template", "welcome", "--locale", "en", "--data", """{"name": "Ada", "order": 7}""", "--nats", "nats://127.0.0.1:1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Hello Ada, order 7.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_TemplateThatDoesNotParse_ExitsOneWithTheFieldAndNoStackTrace()
    {
        var file = Write("template.yaml", ChannelManifests.WelcomeTemplate(text: "Hello {{ name "));

        var run = await CliRun.InvokeAsync("render", "--file", file, "--data", """{"name": "Ada"}""");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("template 'welcome' (en, text) does not parse", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--data", "[1, 2]", "the data must be a JSON object")]
    [InlineData("--data", "{\"name\":", "not JSON")]
    [InlineData("--data-file", "/nonexistent/data.json", "data file /nonexistent/data.json does not exist")]
    public async Task Render_BadData_ExitsTwoSayingWhy(string option, string data, string message)
    {
        var file = Write("template.yaml", ChannelManifests.DefaultTemplate);

        var run = await CliRun.InvokeAsync("render", "--file", file, option, data);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_DataAgainstTheDataSchema_ExitsOneAsTheDispatcherWouldRefuseIt()
    {
        var file = Write("template.yaml", ChannelManifests.DefaultTemplate);

        var refused = await CliRun.InvokeAsync("render", "--file", file, "--data", """{"order": 1}""");
        var forced = await CliRun.InvokeAsync("render", "--file", file, "--data", """{"order": 1}""", "--no-validate", "--locale", "en");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("data does not match the dataSchema of template 'welcome'", refused.Error, StringComparison.Ordinal);
        Assert.Contains("name", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("Hello , order 1.", forced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NeitherTemplateNorFile_ExitsTwo()
    {
        var run = await CliRun.InvokeAsync("render");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--template NAME", run.Error, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
