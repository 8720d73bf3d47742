using K8sNotify.Api.Providers.Twilio;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Receipts;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> of a request Twilio sent (status callbacks, inbound messages) against the Auth Token
/// of every Twilio Provider of the served Channels, without stopping early, so timing tells nothing.
/// </summary>
public sealed class TwilioRequestVerifier(ChannelRuntimeStore runtimes, IOptions<ReceiptOptions> options)
{
    /// <summary>True when some Twilio Provider's Auth Token signed the request.</summary>
    public bool IsSigned(HttpRequest request, IReadOnlyList<KeyValuePair<string, string>> parameters) => SignedFor(request, parameters).Count > 0;

    /// <summary>The served Channels with a Twilio Provider whose Auth Token signed the request (empty when none did).</summary>
    public IReadOnlyList<ChannelRuntime> SignedFor(HttpRequest request, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signature = request.Headers[TwilioSignature.Header].ToString();
        if (signature.Length == 0)
        {
            return [];
        }

        var accounts = TwilioAccounts().ToList();
        var verifiedTokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var url in CandidateUrls(request, accounts.Select(t => t.Callback)))
        {
            foreach (var (token, _, _) in accounts)
            {
                if (TwilioSignature.Verify(token, url, parameters, signature))
                {
                    verifiedTokens.Add(token);
                }
            }
        }

        return [.. accounts.Where(a => verifiedTokens.Contains(a.Token)).Select(a => a.Runtime).Distinct()];
    }

    /// <summary>The Auth Token and statusCallbackUrl of every Twilio Provider of the served Channels.</summary>
    private IEnumerable<(string Token, string? Callback, ChannelRuntime Runtime)> TwilioAccounts()
    {
        foreach (var runtime in runtimes.All)
        {
            foreach (var link in runtime.Providers)
            {
                if (TwilioProviderKind.Instance.TryGetSettings(link.Resource.Spec) is not { } twilio)
                {
                    continue;
                }

                var token = runtime.Secrets.TryResolve(twilio.AuthTokenSecretRef)?.Trim();
                if (!string.IsNullOrEmpty(token))
                {
                    yield return (token, twilio.StatusCallbackUrl, runtime);
                }
            }
        }
    }

    /// <summary>
    /// The URLs Twilio may have signed: the configured public base URL + path, each statusCallbackUrl (without its query)
    /// and the URL as the dispatcher sees it, each with the query string exactly as received.
    /// </summary>
    private IEnumerable<string> CandidateUrls(HttpRequest request, IEnumerable<string?> callbacks)
    {
        var query = request.QueryString.Value ?? "";
        var path = request.PathBase.Value + request.Path.Value;
        var urls = new HashSet<string>(StringComparer.Ordinal);
        if (options.Value.PublicBaseUrl is { Length: > 0 } publicBase)
        {
            urls.Add(publicBase.TrimEnd('/') + path + query);
        }

        foreach (var callback in callbacks)
        {
            if (!string.IsNullOrEmpty(callback))
            {
                urls.Add(callback.Split('?', '#')[0] + query);
            }
        }

        urls.Add(request.Scheme + "://" + request.Host.Value + path + query);
        return urls;
    }
}
