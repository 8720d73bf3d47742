using System.ComponentModel;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The observed state of a Template.</summary>
[Description("Observed state of the Template.")]
public sealed class TemplateStatus : ResourceStatus;
