using Fluid;
using Json.Schema;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Validation;

/// <summary>Checks what the CRD schema cannot about a Template: every Liquid source parses, the data schema is a JSON Schema and the category settings agree.</summary>
public static class TemplateValidator
{
    private static readonly FluidParser Parser = new();

    public static IReadOnlyList<ReferenceProblem> Validate(Template template)
    {
        var problems = new List<ReferenceProblem>();
        var spec = template.Spec;
        if (!spec.Locales.ContainsKey(spec.DefaultLocale))
        {
            problems.Add(new(ReferenceProblem.InvalidSpec, $"defaultLocale '{spec.DefaultLocale}' is not one of the locales"));
        }

        if (Categories.Problem(spec) is { } categoryProblem)
        {
            problems.Add(new(ReferenceProblem.InvalidSpec, categoryProblem));
        }

        foreach (var (locale, content) in spec.Locales.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            Check(locale, "subject", content.Subject);
            Check(locale, "text", content.Text);
            Check(locale, "html", content.Html);
            Check(locale, "title", content.Title);
            Check(locale, "body", content.Body);
            foreach (var (key, value) in (content.Data ?? []).OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                Check(locale, $"data.{key}", value);
            }
        }

        if (spec.DataSchema is { } schema)
        {
            try
            {
                _ = JsonSchema.FromText(schema.ToJsonString());
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or JsonSchemaException or ArgumentException or InvalidOperationException)
            {
                problems.Add(new(ReferenceProblem.InvalidSpec, $"dataSchema is not a valid JSON Schema: {e.Message}"));
            }
        }

        return problems;

        void Check(string locale, string field, string? source)
        {
            if (source is not null && !Parser.TryParse(source, out _, out var error))
            {
                problems.Add(new(ReferenceProblem.InvalidSpec, $"locales.{locale}.{field}: {error}"));
            }
        }
    }
}
