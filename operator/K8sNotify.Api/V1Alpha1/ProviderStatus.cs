using System.ComponentModel;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The observed state of a Provider.</summary>
[Description("Observed state of the Provider.")]
public sealed class ProviderStatus : ResourceStatus;
