using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Rendering;

namespace K8sNotify.Dispatcher.Tests.Rendering;

public sealed class TemplateRendererTests
{
    private static Template Template(LocalizedContent en, string defaultLocale = "en", Dictionary<string, LocalizedContent>? more = null)
    {
        var locales = new Dictionary<string, LocalizedContent> { ["en"] = en };
        foreach (var (k, v) in more ?? [])
        {
            locales[k] = v;
        }

        return new Template { Metadata = new() { Name = "t" }, Spec = new TemplateSpec { ChannelType = ChannelType.Email, DefaultLocale = defaultLocale, Locales = locales } };
    }

    private static NotificationMessage Message(string data, string? locale = null) =>
        new() { Id = "m", Template = "t", To = ["ada@example.com"], Locale = locale, Data = JsonNode.Parse(data)!.AsObject() };

    private static readonly RenderContext Context = new("m", "default", "c", ChannelType.Email, "ada@example.com", DateTimeOffset.UnixEpoch, 1);

    [Fact]
    public async Task Render_Html_EscapesValuesButTextDoesNot()
    {
        var renderer = new TemplateRenderer();
        var template = Template(new LocalizedContent { Subject = "Hi {{ name }}", Text = "{{ name }}", Html = "<p>{{ name }}</p>" });

        var rendered = await renderer.RenderAsync(template, Message("""{"name":"<script>x</script> & co"}"""), Context, TestContext.Current.CancellationToken);

        Assert.Equal("<p>&lt;script&gt;x&lt;/script&gt; &amp; co</p>", rendered.Html);
        Assert.Equal("<script>x</script> & co", rendered.Text);
    }

    [Fact]
    public async Task Render_NestedDataListsAndLoops_Work()
    {
        var renderer = new TemplateRenderer();
        var template = Template(new LocalizedContent { Subject = "Order {{ data.order.id }}", Text = "{% for i in items %}{{ i.sku }}x{{ i.qty }};{% endfor %} to {{ recipient }}" });

        var rendered = await renderer.RenderAsync(
            template,
            Message("""{"order":{"id":42},"items":[{"sku":"A","qty":2},{"sku":"B","qty":1}]}"""),
            Context,
            TestContext.Current.CancellationToken);

        Assert.Equal("Order 42", rendered.Subject);
        Assert.Equal("Ax2;Bx1; to ada@example.com", rendered.Text);
    }

    [Fact]
    public async Task Render_SubjectWithLineBreaks_IsFoldedToOneLine()
    {
        var rendered = await new TemplateRenderer().RenderAsync(
            Template(new LocalizedContent { Subject = "Hi {{ name }}", Text = "x" }), Message("""{"name":"a\r\nBcc: b"}"""), Context, TestContext.Current.CancellationToken);

        Assert.Equal("Hi a Bcc: b", rendered.Subject);
    }

    [Fact]
    public async Task Render_TemplateThatDoesNotParse_ThrowsWithTheField()
    {
        var e = await Assert.ThrowsAsync<RenderException>(async () => await new TemplateRenderer().RenderAsync(
            Template(new LocalizedContent { Subject = "ok", Text = "{% if %}" }), Message("{}"), Context, TestContext.Current.CancellationToken));

        Assert.Contains("template 't' (en, text) does not parse", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_RunawayLoop_IsStoppedAsARenderFailure()
    {
        var template = Template(new LocalizedContent { Subject = "x", Text = "{% for i in (1..1000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}" });

        await Assert.ThrowsAsync<RenderException>(async () => await new TemplateRenderer().RenderAsync(template, Message("{}"), Context, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Render_SameTemplateTwice_ParsesOnce()
    {
        var renderer = new TemplateRenderer();
        var template = Template(new LocalizedContent { Subject = "s", Text = "t" });

        await renderer.RenderAsync(template, Message("{}"), Context, TestContext.Current.CancellationToken);
        await renderer.RenderAsync(template, Message("{}"), Context, TestContext.Current.CancellationToken);

        Assert.Equal(2, renderer.CachedTemplates);
    }

    [Theory]
    [InlineData("de-AT", "de")]
    [InlineData("DE", "de")]
    [InlineData("pt_BR", "pt-BR")]
    [InlineData("pt-PT", "en")]
    [InlineData("fr", "en")]
    [InlineData(null, "en")]
    public void Resolve_FallsBackFromLocaleToLanguageToDefault(string? requested, string expected)
    {
        var spec = Template(new LocalizedContent(), more: new() { ["de"] = new(), ["pt-BR"] = new() }).Spec;

        Assert.Equal(expected, LocaleResolver.Resolve(spec, requested));
    }

    [Fact]
    public async Task Render_JsonEscapeFilter_KeepsAJsonBodyValidWhateverTheData()
    {
        var template = Template(new LocalizedContent { Subject = "s", Text = "t", Body = """{"summary": "{{ name | json_escape }}", "count": {{ count }}, "tags": {{ tags | json }}}""" });

        var rendered = await new TemplateRenderer().RenderAsync(
            template, Message("""{"name":"Ada \"the\" \\ Countess\nof Lovelace ü","count":3,"tags":["a","b"]}"""), Context, TestContext.Current.CancellationToken);

        var body = JsonNode.Parse(rendered.Body!)!;
        Assert.Equal("Ada \"the\" \\ Countess\nof Lovelace ü", (string?)body["summary"]);
        Assert.Equal(3, (int)body["count"]!);
        Assert.Equal("b", (string?)body["tags"]![1]);
    }
}
