using K8sNotify.Api.Providers;
using k8s.Models;

namespace K8sNotify.Operator.Crds;

/// <summary>Adds the provider catalog to the Provider spec schema: the type enum, one settings block per type and the one-of rules.</summary>
internal static class ProviderSpecSchema
{
    /// <summary>Extends <paramref name="spec"/> (the schema of ProviderSpec) with every kind of <paramref name="catalog"/>.</summary>
    public static void AddSettingsBlocks(V1JSONSchemaProps spec, ProviderCatalog catalog)
    {
        var names = catalog.Kinds.Select(k => k.Type.Name).ToList();
        var type = spec.Properties["type"];
        type.EnumProperty = [.. names];
        type.Description = $"Backend type: {JoinOr(names)}. spec.<type> holds its settings.";

        var rules = new List<V1ValidationRule>();
        foreach (var kind in catalog.Kinds)
        {
            var block = OpenApiSchemaBuilder.ForObject(kind.SettingsType);
            block.Description = kind.Description;
            spec.Properties.Add(kind.Type.Name, block);
            rules.Add(new V1ValidationRule
            {
                Rule = $"self.type != '{kind.Type}' || has(self.{kind.Type})",
                Message = $"spec.{kind.Type} is required when type is {kind.Type}",
                FieldPath = $".{kind.Type}",
            });
        }

        rules.Add(new V1ValidationRule
        {
            Rule = $"[{string.Join(", ", names.Select(n => $"has(self.{n})"))}].filter(x, x).size() <= 1",
            Message = "only the block matching spec.type may be set",
        });
        spec.XKubernetesValidations = [.. spec.XKubernetesValidations ?? [], .. rules];
        spec.Properties = new Dictionary<string, V1JSONSchemaProps>(spec.Properties.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static string JoinOr(IReadOnlyList<string> names) =>
        names.Count < 2 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
