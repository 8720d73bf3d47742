namespace K8sNotify.Operator.Runtime;

/// <summary>Where the kubeconfig is read from outside a cluster: the first entry of <c>KUBECONFIG</c>, else <c>~/.kube/config</c>, as kubectl does.</summary>
public static class KubeConfigLocation
{
    public const string EnvironmentVariable = "KUBECONFIG";

    /// <summary>The kubeconfig path (KubernetesClient's own default ignores <c>KUBECONFIG</c>).</summary>
    public static string Resolve() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable)?.Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0)
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
}
