namespace K8sNotify.Dispatcher.Api;

/// <summary>An authenticated caller: the client name (the key of its token in the tokens Secret) and the namespaces its token is valid for.</summary>
public sealed record ApiClient(string Name, IReadOnlySet<string> Namespaces)
{
    /// <summary>The rate limit partition: one bucket per client and namespace set.</summary>
    public string Key => string.Join(",", Namespaces.Order(StringComparer.Ordinal)) + "/" + Name;
}
