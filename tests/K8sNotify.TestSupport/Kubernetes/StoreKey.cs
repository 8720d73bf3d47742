namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>Where an object is stored: its resource type, namespace (empty for cluster-scoped) and name.</summary>
internal sealed record StoreKey(string Group, string Plural, string Namespace, string Name);
