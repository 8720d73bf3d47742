using K8sNotify.Api.Conventions;
using K8sNotify.Api.Providers;
using K8sNotify.Api.V1Alpha1;
using k8s.Models;

namespace K8sNotify.Operator.Validation;

/// <summary>Checks what the CRD schema cannot about a Provider: its type is known, its settings block is usable and the Secret keys it references exist.</summary>
public static class ProviderValidator
{
    /// <summary>The problems of <paramref name="provider"/> against the kinds of <paramref name="catalog"/> (default: built-in).</summary>
    public static IReadOnlyList<ReferenceProblem> Validate(Provider provider, Func<string, V1Secret?> secret, ProviderCatalog? catalog = null)
    {
        catalog ??= ProviderCatalog.BuiltIn;
        var spec = provider.Spec;
        if (catalog.Find(spec.Type) is not { } kind)
        {
            var known = string.Join(", ", catalog.Kinds.Select(k => k.Type.Name));
            return [new(ReferenceProblem.InvalidSpec, $"spec.type {spec.Type} is not a known provider type (known: {known})")];
        }

        var problems = new List<ReferenceProblem>();
        problems.AddRange(kind.Validate(spec).Select(message => new ReferenceProblem(ReferenceProblem.InvalidSpec, message)));
        foreach (var block in spec.Blocks.Keys.Where(b => b != kind.Type.Name).Order(StringComparer.Ordinal))
        {
            var message = catalog.Find(new ProviderType(block)) is null
                ? $"spec.{block} is not a field of a Provider"
                : $"spec.{block} is set but spec.type is {kind.Type}; only the block matching spec.type may be set";
            problems.Add(new(ReferenceProblem.InvalidSpec, message));
        }

        problems.AddRange(SecretChecks.Check(SecretReferences.Of(provider, catalog), secret));
        return problems;
    }
}
