namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>A resource type the fake API server serves: where it lives in the URL space and how it behaves.</summary>
/// <param name="Group">API group, empty for the core group.</param>
/// <param name="Version">API version.</param>
/// <param name="Plural">URL name, for example <c>deployments</c>.</param>
/// <param name="Kind">Kind, for example <c>Deployment</c>.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="HasStatus">Whether a <c>/status</c> subresource exists (then the main resource ignores status writes).</param>
public sealed record FakeResource(string Group, string Version, string Plural, string Kind, bool Namespaced = true, bool HasStatus = true)
{
    /// <summary><c>group/version</c>, or <c>version</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
