using K8sNotify.Dispatcher.Api.Access;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Providers.Twilio;
using K8sNotify.Dispatcher.Receipts;

namespace K8sNotify.Dispatcher.Api;

/// <summary>Registers the HTTP notification API on the dispatcher's web host.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddNotificationApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddApiAccess();
        services.AddSingleton<ApiChannels>();
        services.AddSingleton<StatusStores>();
        services.AddSingleton<NotificationSubmitter>();
        services.AddSingleton<IEndpointModule, NotificationEndpoints>();
        services.AddSingleton<IEndpointModule, OpenApiEndpoint>();

        // Delivery receipts share the API's tokens, rate limit and status stores; Twilio's are signed by its Auth Token.
        services.AddOptions<ReceiptOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReceiptRecorder>();
        services.AddSingleton<ReceiptIntake>();
        services.AddSingleton<ReceiptMetrics>();
        services.AddSingleton<IEndpointModule, GenericReceiptEndpoints>();
        services.AddSingleton<TwilioRequestVerifier>();
        services.AddSingleton<IEndpointModule, TwilioReceiptEndpoints>();
        return services;
    }
}
