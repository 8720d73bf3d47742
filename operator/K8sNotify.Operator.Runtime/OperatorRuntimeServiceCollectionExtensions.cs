using k8s;
using k8s.Models;
using K8sNotify.Operator.Runtime.Leadership;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace K8sNotify.Operator.Runtime;

/// <summary>Registers the controller runtime: options, informers, controllers, leader election, metrics and health checks.</summary>
public static class OperatorRuntimeServiceCollectionExtensions
{
    /// <summary>The health-check tag /readyz filters on.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds the runtime: <see cref="OperatorOptions"/> bound from section <c>Operator</c> and validated at start, an
    /// <see cref="IKubernetes"/> client (in-cluster or kubeconfig) unless one is registered already, the informer and
    /// controller hosts, leader election and the readiness check. Call once, then <see cref="AddController{TPrimary, TReconciler}"/>.
    /// </summary>
    public static IServiceCollection AddOperatorRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(InformerHostedService)))
        {
            return services;
        }

        services.AddOptions<OperatorOptions>()
            .Bind(configuration.GetSection(OperatorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKubernetes>(_ => new Kubernetes(
            KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeConfigLocation.Resolve())));
        services.TryAddSingleton<OperatorMetrics>();
        services.TryAddSingleton<ILeadership, LeaseLeadership>();
        services.AddSingleton<InformerHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<InformerHostedService>());
        services.AddHostedService<ControllerManager>();
        services.AddHealthChecks().AddCheck<InformersSyncedHealthCheck>("informers-synced", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// Adds a list+watch cache of <typeparamref name="T"/> (resolvable as <see cref="IObjectCache{T}"/> and
    /// <see cref="IResourceInformer{T}"/>) that runs on every replica. Idempotent; <see cref="AddController{TPrimary, TReconciler}"/>
    /// calls it for every kind a controller watches. <paramref name="kind"/> defaults to <see cref="ResourceKinds.For{T}"/>.
    /// </summary>
    public static IServiceCollection AddResourceInformer<T>(this IServiceCollection services, ResourceKind<T>? kind = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ResourceInformer<T>)))
        {
            return services;
        }

        var resolvedKind = kind ?? ResourceKinds.For<T>();
        services.AddSingleton(sp => new ResourceInformer<T>(
            resolvedKind,
            sp.GetRequiredService<IKubernetes>(),
            sp.GetRequiredService<IOptions<OperatorOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ResourceInformer<T>>>()));
        services.AddSingleton<IResourceInformer<T>>(sp => sp.GetRequiredService<ResourceInformer<T>>());
        services.AddSingleton<IObjectCache<T>>(sp => sp.GetRequiredService<ResourceInformer<T>>());
        services.AddSingleton<IRunnableInformer>(sp => sp.GetRequiredService<ResourceInformer<T>>());
        return services;
    }

    /// <summary>
    /// Adds a controller for <typeparamref name="TPrimary"/> reconciled by <typeparamref name="TReconciler"/> (registered
    /// scoped, resolved per reconcile). <paramref name="configure"/> declares indexes, owned kinds and mapped kinds.
    /// The controller runs only while this replica holds the lease.
    /// </summary>
    public static IServiceCollection AddController<TPrimary, TReconciler>(this IServiceCollection services, Action<ControllerBuilder<TPrimary>>? configure = null)
        where TPrimary : class, IKubernetesObject<V1ObjectMeta>
        where TReconciler : class, IReconciler
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new ControllerBuilder<TPrimary>();
        configure?.Invoke(builder);

        services.AddResourceInformer<TPrimary>();
        foreach (var watch in builder.WatchRegistrations)
        {
            typeof(OperatorRuntimeServiceCollectionExtensions).GetMethod(nameof(AddResourceInformer))!
                .MakeGenericMethod(watch.Kind)
                .Invoke(null, [services, null]);
        }

        services.TryAddScoped<TReconciler>();
        services.AddSingleton<IController>(sp => new Controller<TPrimary, TReconciler>(
            builder,
            sp,
            sp.GetRequiredService<IOptions<OperatorOptions>>().Value,
            sp.GetRequiredService<OperatorMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Controller<TPrimary, TReconciler>>>()));
        return services;
    }
}
