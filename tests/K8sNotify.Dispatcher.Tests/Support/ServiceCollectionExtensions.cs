using K8sNotify.Dispatcher.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace K8sNotify.Dispatcher.Tests.Support;

/// <summary>Test helpers for replacing dispatcher services.</summary>
internal static class ServiceCollectionExtensions
{
    /// <summary>Registers a provider factory after the built-in ones, so it replaces the factory of its type.</summary>
    public static IServiceCollection AddSingletonProvider(this IServiceCollection services, IProviderFactory factory) =>
        services.AddSingleton(factory);
}
