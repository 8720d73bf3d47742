namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>Writes a kubeconfig file that points a client (kubectl, the operator binary) at a local API server.</summary>
public static class Kubeconfig
{
    /// <summary>Writes a kubeconfig for <paramref name="server"/> with a bearer token the fake API server ignores.</summary>
    public static string Write(string path, Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: {server.ToString().TrimEnd('/')}
            users:
            - name: local
              user:
                token: the-fake-api-server-ignores-it
            contexts:
            - name: local
              context:
                cluster: local
                user: local
            current-context: local
            """);
        return path;
    }
}
