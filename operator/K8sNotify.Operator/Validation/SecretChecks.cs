using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Validation;

/// <summary>Checks that referenced Secrets and keys exist, without ever reading a value into a message.</summary>
public static class SecretChecks
{
    public static IEnumerable<ReferenceProblem> Check(IEnumerable<SecretKeyReference> references, Func<string, V1Secret?> secret)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in references.DistinctBy(r => (r.Name, r.Key)))
        {
            var found = secret(reference.Name);
            if (found is null)
            {
                if (missing.Add(reference.Name))
                {
                    yield return new(ReferenceProblem.SecretNotFound, $"Secret '{reference.Name}' not found");
                }
            }
            else if (!HasKey(found, reference.Key))
            {
                yield return new(ReferenceProblem.SecretKeyNotFound, $"Secret '{reference.Name}' has no key '{reference.Key}'");
            }
        }
    }

    public static bool HasKey(V1Secret secret, string key) =>
        (secret.Data?.ContainsKey(key) ?? false) || (secret.StringData?.ContainsKey(key) ?? false);
}
