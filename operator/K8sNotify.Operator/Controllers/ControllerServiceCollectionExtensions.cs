using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Commands;
using K8sNotify.Operator.JetStream;
using K8sNotify.Operator.Runtime;
using K8sNotify.Operator.Slo;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace K8sNotify.Operator.Controllers;

/// <summary>Registers the Channel, Template and Provider controllers, their indexes and what they need (JetStream, SLO rules).</summary>
public static class ControllerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the controllers on top of <see cref="OperatorRuntimeServiceCollectionExtensions.AddOperatorRuntime"/>.
    /// Registered beforehand, an <see cref="IStreamProvisioner"/> or <see cref="ISloRuleBuilder"/> replaces the default
    /// (NATS.Net against <see cref="JetStreamOptions.Url"/>, and the SLO rule generator of <see cref="SloRuleBuilder"/>).
    /// </summary>
    public static IServiceCollection AddK8sNotifyControllers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatcherDeploymentOptions>()
            .Bind(configuration.GetSection(DispatcherDeploymentOptions.SectionName))
            .PostConfigure(o => o.LoadDefaultsFile())
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<JetStreamOptions>().Bind(configuration.GetSection(JetStreamOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ISloRuleBuilder>(SloRuleBuilder.Instance);
        services.TryAddSingleton<INatsConnection>(sp =>
        {
            var jetStream = sp.GetRequiredService<IOptions<JetStreamOptions>>().Value;
            var url = string.IsNullOrEmpty(jetStream.Url) ? sp.GetRequiredService<IOptions<DispatcherDeploymentOptions>>().Value.NatsUrl : jetStream.Url;
            var opts = NatsOpts.Default with { Url = url, Name = "k8snotify-operator", RequestTimeout = jetStream.RequestTimeout };
            if (!string.IsNullOrEmpty(jetStream.CredentialsFile))
            {
                opts = opts with { AuthOpts = NatsAuthOpts.Default with { CredsFile = jetStream.CredentialsFile } };
            }

            return new NatsConnection(opts);
        });
        services.TryAddSingleton<INatsJSContext>(sp => new NatsJSContext((NatsConnection)sp.GetRequiredService<INatsConnection>()));
        services.TryAddSingleton<IStreamProvisioner, JetStreamProvisioner>();
        services.TryAddSingleton<ClusterCapabilitiesProbe>();
        services.TryAddSingleton<StatusWriter>();
        services.TryAddSingleton<ConditionMetrics>();
        services.TryAddSingleton<AppliedChildren>();
        services.TryAddSingleton<EventRecorder>();
        services.TryAddSingleton<ResourceStatusReporter>();
        services.TryAddScoped<ChildApplier>();

        // The children are cached by label selector (only what this operator manages); registered before the
        // controller so its Owns<> calls find these informers instead of cluster-wide ones.
        services.AddResourceInformer(ChildKinds.Deployments);
        services.AddResourceInformer(ChildKinds.ConfigMaps);
        services.AddResourceInformer(ChildKinds.Services);
        services.AddResourceInformer(ChildKinds.Autoscalers);
        services.AddResourceInformer(ChildKinds.DisruptionBudgets);
        services.AddResourceInformer(ChildKinds.NetworkPolicies);

        services.AddController<Template, TemplateReconciler>();
        services.AddController<Provider, ProviderReconciler>(b => b
            .WithIndex(ReferenceIndex.ProviderSecrets, ReferenceIndex.SecretsOf)
            .WatchesByIndex<V1Secret>(ReferenceIndex.ProviderSecrets, s => [ReferenceIndex.Key(s.Metadata)]));
        services.AddController<Channel, ChannelReconciler>(b => b
            .WithIndex(ReferenceIndex.ChannelTemplates, ReferenceIndex.TemplatesOf)
            .WithIndex(ReferenceIndex.ChannelProviders, ReferenceIndex.ProvidersOf)
            .WithIndex(ReferenceIndex.ChannelSecrets, ReferenceIndex.SecretsOf)
            .Owns<V1ConfigMap>()
            .Owns<V1Deployment>()
            .Owns<V1Service>()
            .Owns<V2HorizontalPodAutoscaler>()
            .Owns<V1PodDisruptionBudget>()
            .Owns<V1NetworkPolicy>()
            .Watches<Template>((e, sp) => SpecChanged(e, t => t.Spec)
                ? sp.GetRequiredService<IObjectCache<Channel>>().ByIndex(ReferenceIndex.ChannelTemplates, ReferenceIndex.Key(e.Object.Metadata)).Select(ObjectKey.Of)
                : [])
            .Watches<Provider>((e, sp) => SpecChanged(e, p => p.Spec)
                ? sp.GetRequiredService<IObjectCache<Channel>>().ByIndex(ReferenceIndex.ChannelProviders, ReferenceIndex.Key(e.Object.Metadata)).Select(ObjectKey.Of)
                : [])
            .Watches<V1Secret>((e, sp) => ReferenceIndex.ChannelsUsingSecret(
                e.Object,
                sp.GetRequiredService<IObjectCache<Channel>>(),
                sp.GetRequiredService<IObjectCache<Provider>>(),
                RenderCommand.OperatorSecrets(sp.GetRequiredService<IOptions<DispatcherDeploymentOptions>>().Value))));
        return services;
    }

    // Template and Provider status writes (their own controllers') must not requeue every Channel using them.
    private static bool SpecChanged<T>(ResourceEvent<T> e, Func<T, object> spec)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta> =>
        e.Type != ResourceEventType.Updated || e.OldObject is null
        || k8s.KubernetesJson.Serialize(spec(e.OldObject)) != k8s.KubernetesJson.Serialize(spec(e.Object));
}
