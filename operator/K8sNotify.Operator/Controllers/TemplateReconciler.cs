using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Runtime;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Controllers;

/// <summary>Validates a Template beyond its schema (every Liquid source parses, the data schema is a JSON Schema) and reports Ready or Stalled.</summary>
public sealed class TemplateReconciler(IObjectCache<Template> templates, ResourceStatusReporter reporter) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (templates.Get(key) is not { } template || template.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var problems = TemplateValidator.Validate(template);
        var locales = template.Spec.Locales.Count;
        await reporter.ReportAsync(template, template.Status, problems, $"parses in {locales} locale{(locales == 1 ? "" : "s")}", suspendedMessage: null, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }
}
