using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Conventions;

/// <summary>The notification categories and which of them recipients may opt out of.</summary>
public static class Categories
{
    /// <summary>Receipts, password resets, order confirmations: never opted out of.</summary>
    public const string Transactional = "transactional";

    /// <summary>Sign-in alerts, security notices: never opted out of.</summary>
    public const string Security = "security";

    /// <summary>Categories whose Templates must be mandatory.</summary>
    public static readonly IReadOnlyList<string> Mandatory = [Transactional, Security];

    public static bool IsMandatoryCategory(string? category) =>
        category is not null && Mandatory.Contains(category, StringComparer.Ordinal);

    /// <summary>
    /// The policy that applies to a Template: its <c>spec.optOut</c>, else mandatory for the mandatory categories and
    /// allowed for every other one (including no category, where only channel-type opt-outs apply).
    /// </summary>
    public static OptOutPolicy EffectiveOptOut(TemplateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (IsMandatoryCategory(spec.Category))
        {
            return OptOutPolicy.Mandatory;
        }

        return spec.OptOut ?? OptOutPolicy.Allowed;
    }

    /// <summary>The problem with a Template's category settings, or null when they are consistent.</summary>
    public static string? Problem(TemplateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return IsMandatoryCategory(spec.Category) && spec.OptOut == OptOutPolicy.Allowed
            ? $"category '{spec.Category}' is mandatory: optOut must be mandatory (or unset), not allowed"
            : null;
    }
}
