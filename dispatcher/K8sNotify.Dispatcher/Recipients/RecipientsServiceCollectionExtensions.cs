using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Providers.Twilio;
using K8sNotify.Dispatcher.Recipients.Preferences;
using K8sNotify.Dispatcher.Recipients.Suppression;
using K8sNotify.Dispatcher.Recipients.Unsubscribe;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>Registers the recipient controls: the pipeline gate, its KV stores, the HTTP routes and the expiry cleanup.</summary>
public static class RecipientsServiceCollectionExtensions
{
    public static IServiceCollection AddRecipientControls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecipientOptions>().Bind(configuration.GetSection(RecipientOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RecipientBuckets>();
        services.AddSingleton<PreferenceStore>();
        services.AddSingleton<SuppressionStore>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<RecipientMetrics>();
        services.TryAddSingleton<IRecipientGate>(sp => sp.GetRequiredService<IOptions<RecipientOptions>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<RecipientGate>(sp)
            : new AllowAllRecipientGate());
        services.AddSingleton<IEndpointModule, UnsubscribeEndpoints>();
        services.AddSingleton<IEndpointModule, TwilioInboundEndpoints>();
        services.AddSingleton<IEndpointModule, PreferenceEndpoints>();
        services.AddSingleton<IEndpointModule, SuppressionEndpoints>();
        services.AddHostedService<SuppressionCleanup>();
        return services;
    }
}
