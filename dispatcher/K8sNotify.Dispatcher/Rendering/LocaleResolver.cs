using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.Rendering;

/// <summary>Picks the Template locale for a message: the exact locale, then its language, then the Template's defaultLocale.</summary>
public static class LocaleResolver
{
    public static string Resolve(TemplateSpec template, string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            var normalized = requested.Trim().Replace('_', '-');
            if (Find(template, normalized) is { } exact)
            {
                return exact;
            }

            var dash = normalized.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && Find(template, normalized[..dash]) is { } language)
            {
                return language;
            }
        }

        if (template.Locales.ContainsKey(template.DefaultLocale))
        {
            return template.DefaultLocale;
        }

        return template.Locales.Keys.Order(StringComparer.Ordinal).First();
    }

    private static string? Find(TemplateSpec template, string locale) =>
        template.Locales.Keys.FirstOrDefault(k => string.Equals(k.Replace('_', '-'), locale, StringComparison.OrdinalIgnoreCase));
}
