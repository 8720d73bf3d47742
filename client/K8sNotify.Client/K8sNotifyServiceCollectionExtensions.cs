using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K8sNotify.Client;

/// <summary>Registers <see cref="K8sNotifyHttpClient"/> as a typed HttpClient of IHttpClientFactory.</summary>
public static class K8sNotifyServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="K8sNotifyHttpClient"/> with its base address and bearer token from <see cref="K8sNotifyClientOptions"/>
    /// (bind them with <paramref name="configure"/> or <c>services.Configure&lt;K8sNotifyClientOptions&gt;(section)</c>).
    /// The returned builder adds handlers, resilience or a primary handler like for any typed client.
    /// </summary>
    public static IHttpClientBuilder AddK8sNotifyClient(this IServiceCollection services, Action<K8sNotifyClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<K8sNotifyClientOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "K8sNotifyClientOptions.BaseAddress must be an absolute URL");
        return services
            .AddHttpClient<K8sNotifyHttpClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<K8sNotifyClientOptions>>().Value.BaseAddress)
            .AddHttpMessageHandler(sp => new BearerTokenHandler(sp.GetRequiredService<IOptionsMonitor<K8sNotifyClientOptions>>(), Options.DefaultName));
    }
}
