using System.Text.Json.Nodes;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Tests.Validation;

public sealed class TemplateValidatorTests
{
    private static Template Template(params (string Locale, string Text)[] locales) => new()
    {
        Metadata = new() { Name = "t" },
        Spec = new TemplateSpec
        {
            ChannelType = ChannelType.Sms,
            DefaultLocale = locales[0].Locale,
            Locales = locales.ToDictionary(l => l.Locale, l => new LocalizedContent { Text = l.Text }),
        },
    };

    [Fact]
    public void Validate_AllLocalesParse_NoProblems()
    {
        Assert.Empty(TemplateValidator.Validate(Template(("en", "Hi {{ name | upcase }}"), ("de", "Hallo {% if vip %}VIP {% endif %}{{ name }}"))));
    }

    [Fact]
    public void Validate_OneLocaleBroken_ReportsThatLocaleOnly()
    {
        var problems = TemplateValidator.Validate(Template(("en", "Hi {{ name }}"), ("de", "Hallo {% if vip %}")));

        var problem = Assert.Single(problems);
        Assert.StartsWith("locales.de.text", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultLocaleMissing_InvalidSpec()
    {
        var template = Template(("en", "Hi"));
        template.Spec.DefaultLocale = "fr";

        Assert.Contains(TemplateValidator.Validate(template), p => p.Message.Contains("'fr'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DataSchemaNotASchema_InvalidSpec()
    {
        var template = Template(("en", "Hi"));
        template.Spec.DataSchema = new JsonObject { ["type"] = 42 };

        Assert.Contains(TemplateValidator.Validate(template), p => p.Message.StartsWith("dataSchema", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MandatoryCategoryMarkedOptOutAllowed_InvalidSpec()
    {
        var template = Template(("en", "Hi"));
        template.Spec.Category = "security";
        template.Spec.OptOut = OptOutPolicy.Allowed;

        Assert.Contains(TemplateValidator.Validate(template), p => p.Message.Contains("'security' is mandatory", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("marketing", null)]
    [InlineData("marketing", OptOutPolicy.Mandatory)]
    [InlineData("transactional", null)]
    [InlineData("transactional", OptOutPolicy.Mandatory)]
    public void Validate_ConsistentCategorySettings_NoProblems(string category, OptOutPolicy? optOut)
    {
        var template = Template(("en", "Hi"));
        template.Spec.Category = category;
        template.Spec.OptOut = optOut;

        Assert.Empty(TemplateValidator.Validate(template));
    }
}
