using K8sNotify.Dispatcher.Configuration;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Api;

/// <summary>The Channels the HTTP API serves: those with <c>spec.api.enabled</c>, or every Channel under <c>--api</c>.</summary>
public sealed class ApiChannels(ChannelRuntimeStore runtimes, IOptions<ApiOptions> options)
{
    /// <summary>The API-enabled Channel <paramref name="namespace"/>/<paramref name="channel"/>, or null.</summary>
    public ChannelRuntime? Find(string @namespace, string channel) =>
        runtimes.Get(@namespace, channel) is { } runtime && IsServed(runtime) ? runtime : null;

    /// <summary>The API-enabled Channels of <paramref name="namespaces"/>, in key order.</summary>
    public IEnumerable<ChannelRuntime> In(IReadOnlySet<string> namespaces) =>
        runtimes.All.Where(r => namespaces.Contains(r.Namespace) && IsServed(r)).OrderBy(r => r.Key, StringComparer.Ordinal);

    private bool IsServed(ChannelRuntime runtime) => options.Value.Enabled || runtime.Channel.Spec.Api?.Enabled == true;
}
