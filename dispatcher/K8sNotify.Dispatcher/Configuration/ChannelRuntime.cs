using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Rendering;
using K8sNotify.Dispatcher.Routing;
using K8sNotify.Dispatcher.Secrets;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>
/// One config version of a Channel, ready to use: compiled Templates, built providers in chain order, and the renderer
/// whose parsed-template cache lives exactly as long as this version. A reload swaps the whole object.
/// </summary>
public sealed class ChannelRuntime
{
    public const int DefaultConcurrency = 64;

    public required Channel Channel { get; init; }

    public required IReadOnlyDictionary<string, CompiledTemplate> Templates { get; init; }

    /// <summary>Providers in the order of <c>spec.providers</c>, each behind its own resilience pipeline.</summary>
    public IReadOnlyList<ProviderChainLink> Providers => Router.Links;

    /// <summary>Routes this Channel's notifications through its providers by its strategy.</summary>
    public required ProviderChainRouter Router { get; init; }

    public required TemplateRenderer Renderer { get; init; }

    /// <summary>The secrets of this config version (API tokens, status webhook keys); none when built without a source.</summary>
    public ISecretResolver Secrets { get; init; } = EmptySecretResolver.Instance;

    /// <summary>Increases with every reload (1 for the first load).</summary>
    public required long Version { get; init; }

    /// <summary>Why this Channel does not consume (it or every Provider of its chain is suspended); null when it does.</summary>
    public ChannelSuspension? Suspension { get; init; }

    public string Namespace => Channel.Metadata.NamespaceProperty ?? DispatcherOptions.DefaultNamespace;

    public string Name => Channel.Metadata.Name;

    public string Key => ChannelKey.Of(Namespace, Name);

    public ChannelType Type => Channel.Spec.Type;

    public int MaxAttempts => Channel.Spec.Retry?.MaxAttempts ?? new ChannelRetrySpec().MaxAttempts;

    public TimeSpan Backoff => Durations.ParseOrDefault(Channel.Spec.Retry?.Backoff, Durations.Parse(new ChannelRetrySpec().Backoff));

    public TimeSpan MaxBackoff => Durations.ParseOrDefault(Channel.Spec.Retry?.MaxBackoff, Durations.Parse(new ChannelRetrySpec().MaxBackoff));

    public int Concurrency => Channel.Spec.Dispatcher?.Concurrency ?? DefaultConcurrency;
}
