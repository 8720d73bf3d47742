namespace K8sNotify.Dispatcher.StatusWebhooks;

/// <summary>Registers the status webhook queue (written by the status stores) and its delivery worker.</summary>
public static class StatusWebhookServiceCollectionExtensions
{
    public static IServiceCollection AddStatusWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StatusWebhookOptions>().Bind(configuration).ValidateDataAnnotations()
            .Validate(o => o.Backoff > TimeSpan.Zero && o.MaxBackoff >= o.Backoff, "STATUS_WEBHOOK_BACKOFF must be positive and at most STATUS_WEBHOOK_MAX_BACKOFF")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.AckWait >= o.Timeout * 2, "STATUS_WEBHOOK_ACK_WAIT must be at least twice STATUS_WEBHOOK_TIMEOUT (no progress ack is sent during a POST)")
            .Validate(o => o.MaxAge > TimeSpan.Zero, "STATUS_WEBHOOK_MAX_AGE must be positive")
            .ValidateOnStart();
        services.AddSingleton<StatusEventQueue>();
        services.AddSingleton<StatusWebhookProvisioner>();
        services.AddSingleton<StatusWebhookSender>();
        services.AddSingleton<StatusWebhookDeadLetters>();
        services.AddSingleton<StatusWebhookMetrics>();
        services.AddHostedService<StatusWebhookWorker>();
        return services;
    }
}
