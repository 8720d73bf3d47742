using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace K8sNotify.Client;

/// <summary>Adds <c>Authorization: Bearer</c> with the current token to every request, so a rotated token applies without a restart.</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<K8sNotifyClientOptions> options, string name) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Get(name).Token is { Length: > 0 } token && request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
