namespace K8sNotify.Client;

/// <summary>Where the dispatcher's HTTP API is and the bearer token to call it with.</summary>
public sealed class K8sNotifyClientOptions
{
    /// <summary>The dispatcher's base address, for example <c>http://orders-dispatcher.shop.svc:8080/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A token from the Channel's <c>spec.api.tokensSecretRef</c> Secret; sent as <c>Authorization: Bearer</c>.</summary>
    public string? Token { get; set; }
}
