using k8s.Models;
using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Validation;

/// <summary>Checks what the CRD schema cannot about a Provider: its type block is present and the Secret keys it references exist.</summary>
public static class ProviderValidator
{
    public static IReadOnlyList<ReferenceProblem> Validate(Provider provider, Func<string, V1Secret?> secret)
    {
        var problems = new List<ReferenceProblem>();
        var spec = provider.Spec;
        var hasBlock = spec.Type switch
        {
            ProviderType.Smtp => spec.Smtp is not null,
            ProviderType.Twilio => spec.Twilio is not null,
            ProviderType.Fcm => spec.Fcm is not null,
            ProviderType.Webhook => spec.Webhook is not null,
            _ => spec.Outbox is not null,
        };
        if (!hasBlock)
        {
            var block = spec.Type.ToString().ToLowerInvariant();
            problems.Add(new(ReferenceProblem.InvalidSpec, $"spec.{block} is required when type is {block}"));
        }

        problems.AddRange(SecretChecks.Check(SecretReferences.Of(provider), secret));
        return problems;
    }
}
