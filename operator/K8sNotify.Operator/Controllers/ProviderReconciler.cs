using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Runtime;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Controllers;

/// <summary>Validates a Provider beyond its schema (its Secrets and keys exist) and reports Ready or Stalled.</summary>
public sealed class ProviderReconciler(IObjectCache<Provider> providers, IObjectCache<V1Secret> secrets, ResourceStatusReporter reporter) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (providers.Get(key) is not { } provider || provider.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var problems = ProviderValidator.Validate(provider, name => secrets.Get(new ObjectKey(key.Namespace, name)));
        await reporter.ReportAsync(provider, provider.Status, problems, $"{provider.Spec.Type.ToString().ToLowerInvariant()} provider configured",
            provider.Spec.Suspend ? "spec.suspend is true: every Channel's chain skips this provider" : null,
            cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }
}
