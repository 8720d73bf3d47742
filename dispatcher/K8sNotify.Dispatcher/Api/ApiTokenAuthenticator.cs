using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using K8sNotify.Dispatcher.Configuration;

namespace K8sNotify.Dispatcher.Api;

/// <summary>
/// Checks bearer tokens against the tokens Secret of every API-enabled Channel (<c>spec.api.tokensSecretRef</c>: keys are
/// client names, values are tokens). A token is valid for the namespace of the Channel whose Secret holds it. Tokens are
/// kept and compared only as SHA-256 hashes, in constant time, and every candidate is compared so timing says nothing.
/// </summary>
public sealed class ApiTokenAuthenticator(ChannelRuntimeStore runtimes)
{
    private readonly ConcurrentDictionary<string, (long Version, IReadOnlyList<TokenEntry> Tokens)> _cache = new(StringComparer.Ordinal);

    /// <summary>Returns the client of the token in an <c>Authorization: Bearer</c> header, or null when it matches no token.</summary>
    public ApiClient? Authenticate(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[Scheme.Length..].Trim();
        if (token.Length == 0)
        {
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        string? client = null;
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var runtime in runtimes.All)
        {
            foreach (var entry in TokensOf(runtime))
            {
                if (CryptographicOperations.FixedTimeEquals(presented, entry.Hash))
                {
                    client ??= entry.Client;
                    namespaces.Add(runtime.Namespace);
                }
            }
        }

        return client is null ? null : new ApiClient(client, namespaces);
    }

    private IReadOnlyList<TokenEntry> TokensOf(ChannelRuntime runtime)
    {
        if (runtime.Channel.Spec.Api?.TokensSecretRef is not { } reference)
        {
            return [];
        }

        if (_cache.TryGetValue(runtime.Key, out var cached) && cached.Version == runtime.Version)
        {
            return cached.Tokens;
        }

        var tokens = runtime.Secrets.ResolveAll(reference.Name)
            .Where(kv => kv.Value.Length > 0)
            .Select(kv => new TokenEntry(kv.Key, SHA256.HashData(Encoding.UTF8.GetBytes(kv.Value.Trim()))))
            .ToList();
        _cache[runtime.Key] = (runtime.Version, tokens);
        return tokens;
    }

    private sealed record TokenEntry(string Client, byte[] Hash);
}
