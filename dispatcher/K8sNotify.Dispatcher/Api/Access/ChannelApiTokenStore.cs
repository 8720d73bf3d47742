using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using K8sNotify.Dispatcher.Configuration;

namespace K8sNotify.Dispatcher.Api.Access;

/// <summary>
/// The API tokens of the served Channels: the tokens Secret of every Channel with <c>spec.api.tokensSecretRef</c> (keys
/// are client names, values are tokens). A token is valid for the namespace of each Channel whose Secret holds it.
/// Tokens are kept and compared only as SHA-256 hashes, in constant time, and every candidate is compared so timing
/// says nothing.
/// </summary>
public sealed class ChannelApiTokenStore(ChannelRuntimeStore runtimes) : IApiTokenStore
{
    private readonly ConcurrentDictionary<string, (long Version, IReadOnlyList<TokenEntry> Tokens)> _cache = new(StringComparer.Ordinal);

    public ApiClient? FindClient(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
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
