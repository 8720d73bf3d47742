using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Api.Access;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Messaging;
using K8sNotify.Dispatcher.Messaging.Poison;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Pipeline;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Providers.Fcm;
using K8sNotify.Dispatcher.Providers.Outbox;
using K8sNotify.Dispatcher.Providers.Slack;
using K8sNotify.Dispatcher.Providers.Smtp;
using K8sNotify.Dispatcher.Providers.Teams;
using K8sNotify.Dispatcher.Providers.Twilio;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.RateLimiting;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Routing;
using K8sNotify.Dispatcher.Scheduling;
using K8sNotify.Dispatcher.Secrets;
using K8sNotify.Dispatcher.StatusWebhooks;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using K8sNotify.Api.Contract;
using K8sNotify.Dispatcher.Digests;

namespace K8sNotify.Dispatcher;

/// <summary>Builds the dispatcher's Generic Host (a minimal web host for /metrics, health and the HTTP API) with every pipeline part.</summary>
public static class DispatcherHost
{
    /// <summary>Environment variables with this prefix configure the dispatcher (K8SNOTIFY_NATS ⇔ --nats).</summary>
    public const string EnvironmentPrefix = DispatcherEnvironment.Prefix;

    public const string NatsConnectionName = "k8snotify-dispatcher";

    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Command-line switches and the configuration keys (= environment variable names without the prefix) they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = DispatcherFlags.Settings;

    /// <summary>A builder with every service registered; callers (tests, bench) may replace services before <see cref="Build"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });

        // Lowest-priority default: ASP.NET Core's routing and result executors log six Information lines per request,
        // so every probe and scrape would flood the log; the environment and flags override it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")] });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(ExpandFlags(args), new Dictionary<string, string>(Switches));
        ConsoleLogFormat.Configure(builder.Logging, builder.Configuration[DispatcherSettings.LogFormat]);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.ListenAnyIP(context.Configuration.GetValue(DispatcherSettings.HttpPort, DispatcherOptions.DefaultHttpPort)));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);

        // Its request lines carry the query string, where a careless client may put a token; RequestLogging logs without it.
        builder.Logging.AddFilter(RequestLogging.HostingDiagnosticsCategory, LogLevel.Warning);
        AddDispatcher(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>A bare <c>--api</c> (followed by nothing or another switch) means <c>--api true</c>.</summary>
    public static string[] ExpandFlags(string[] args)
    {
        var result = new List<string>(args.Length + 1);
        for (var i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            if (args[i] == DispatcherFlags.Api && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                result.Add("true");
            }
        }

        return [.. result];
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseRequestLoggingWithoutQuery();
        app.UseApiAccess();
        foreach (var module in app.Services.GetServices<IEndpointModule>())
        {
            module.Map(app);
        }

        return app;
    }

    /// <summary>The NATS connection settings: URL, credentials file, and a connection name carrying the pod name.</summary>
    public static NatsOpts NatsOptions(DispatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var opts = NatsOpts.Default with
        {
            Url = options.Nats,
            Name = string.IsNullOrEmpty(options.PodName) ? NatsConnectionName : $"{NatsConnectionName}/{options.PodName}",
        };
        return string.IsNullOrEmpty(options.NatsCredentials)
            ? opts
            : opts with { AuthOpts = NatsAuthOpts.Default with { CredsFile = options.NatsCredentials } };
    }

    public static void AddDispatcher(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatcherOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PoisonOptions>().Bind(configuration.GetSection(PoisonOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpTransportOptions>();
        services.AddDispatcherTracing(configuration, Environment.GetEnvironmentVariable);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<INatsConnection>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DispatcherOptions>>().Value;
            return new NatsConnection(NatsOptions(options));
        });
        services.AddSingleton<INatsJSContext>(sp => new NatsJSContext((NatsConnection)sp.GetRequiredService<INatsConnection>()));
        services.AddSingleton<INatsKVContext>(sp => new NatsKVContext(sp.GetRequiredService<INatsJSContext>()));

        services.AddSingleton<IChannelConfigSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DispatcherOptions>>().Value;
            return options.Standalone
                ? new ManifestFolderSource(options.Manifests!, options.SelectedChannels, options.Namespace, Environment.GetEnvironmentVariable)
                : new BundleFileSource(options.Config!, SecretResolver.ForCluster(Environment.GetEnvironmentVariable, options.SecretsDirectory));
        });
        services.AddSingleton<ChannelRuntimeStore>();
        services.AddSingleton<ChannelRuntimeBuilder>();
        services.AddSingleton<ProviderRegistry>();
        services.AddSingleton<IProviderFactory, SmtpProviderFactory>();
        services.AddSingleton<IProviderFactory, OutboxProviderFactory>();
        services.AddSingleton<IProviderFactory, TwilioProviderFactory>();
        services.AddSingleton<IProviderFactory, FcmProviderFactory>();
        services.AddSingleton<IProviderFactory, WebhookProviderFactory>();
        services.AddSingleton<IProviderFactory, SlackProviderFactory>();
        services.AddSingleton<IProviderFactory, TeamsProviderFactory>();
        services.AddSingleton(sp => new ProviderMetrics(sp.GetRequiredService<DispatcherMetrics>().Registry));
        services.AddSingleton<DeliveryRouterFactory>();

        // Each Channel's runtime carries its strategy router (failover, weighted, cheapest) over resilient providers;
        // the pipeline only sees IDeliveryRouter. The rate limit gate is GCRA over Redis (--redis), in memory without it.
        services.TryAddSingleton<IDeliveryRouter, ChannelDeliveryRouter>();
        services.AddGcraRateLimiting(configuration);
        services.AddRecipientControls(configuration);

        services.AddSingleton<DispatcherMetrics>();
        services.AddSingleton<SchedulingMetrics>();
        services.AddSingleton<DigestReleaser>();
        services.AddSingleton<NotificationProcessor>();
        services.AddSingleton<PoisonMessageHandler>();
        services.AddSingleton<StreamProvisioner>();
        services.AddSingleton<DispatcherReadiness>();
        services.AddSingleton<ConfigurationService>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigurationService>());
        services.AddHostedService<DispatcherWorker>();
        services.AddStatusWebhooks(configuration);

        services.AddSingleton<IEndpointModule, HealthEndpoints>();
        services.AddSingleton<IEndpointModule, MetricsEndpoint>();
        services.AddNotificationApi(configuration);
    }
}
