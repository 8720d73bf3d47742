using System.Security.Claims;

namespace K8sNotify.Dispatcher.Api;

/// <summary>An authenticated caller: the client name (the key of its token in the tokens Secret) and the namespaces its token is valid for.</summary>
public sealed record ApiClient(string Name, IReadOnlySet<string> Namespaces)
{
    /// <summary>The claim type of a namespace the token is valid for; a principal has one claim per namespace.</summary>
    public const string NamespaceClaim = "k8snotify.io/namespace";

    /// <summary>The rate limit partition: one bucket per client and namespace set.</summary>
    public string Key => string.Join(",", Namespaces.Order(StringComparer.Ordinal)) + "/" + Name;

    /// <summary>The principal the bearer scheme signs the client in as: its name and one claim per namespace.</summary>
    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var claims = Namespaces.Order(StringComparer.Ordinal).Select(ns => new Claim(NamespaceClaim, ns)).Prepend(new Claim(ClaimTypes.Name, Name));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The client a principal signed in by the bearer scheme stands for, or null when it is not signed in.</summary>
    public static ApiClient? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true, Name: { } name })
        {
            return null;
        }

        var namespaces = principal.FindAll(NamespaceClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new ApiClient(name, namespaces);
    }
}
