namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>Where a resource keeps what its <c>/scale</c> subresource reads and writes (dotted paths, as in a CRD).</summary>
/// <param name="SpecReplicasPath">For example <c>.spec.replicas</c>.</param>
/// <param name="StatusReplicasPath">For example <c>.status.replicas</c>.</param>
/// <param name="LabelSelectorPath">A path holding a selector string or a LabelSelector object, or null.</param>
public sealed record ScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);
