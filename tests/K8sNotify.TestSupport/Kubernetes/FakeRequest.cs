namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>One request the fake API server received, as fault predicates and request counts see it.</summary>
/// <param name="Verb">Kubernetes verb: get, list, watch, create, update, patch, delete (or discovery).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">URL path without the query.</param>
/// <param name="Resource">The plural resource name, empty for discovery.</param>
/// <param name="Namespace">The namespace in the path, if any.</param>
/// <param name="Name">The object name in the path, if any.</param>
/// <param name="Subresource">For example <c>status</c>, if any.</param>
/// <param name="UserAgent">The client's User-Agent (set <see cref="k8s.KubernetesClientConfiguration.UserAgent"/> to tell clients apart).</param>
public sealed record FakeRequest(string Verb, string Method, string Path, string Resource, string? Namespace, string? Name, string? Subresource, string UserAgent);
