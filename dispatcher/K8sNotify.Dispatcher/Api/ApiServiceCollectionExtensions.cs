using K8sNotify.Dispatcher.Http;

namespace K8sNotify.Dispatcher.Api;

/// <summary>Registers the HTTP notification API on the dispatcher's web host.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddNotificationApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiTokenAuthenticator>();
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<StatusStores>();
        services.AddSingleton<NotificationSubmitter>();
        services.AddSingleton<IEndpointModule, NotificationEndpoints>();
        services.AddSingleton<IEndpointModule, OpenApiEndpoint>();
        return services;
    }
}
