using System.Text.Json;
using Json.Schema;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Conventions;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Rendering;
using K8sNotify.Dispatcher.Routing;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>Turns a resolved <see cref="ChannelConfig"/> into a <see cref="ChannelRuntime"/>: the one code path for both config sources.</summary>
public sealed class ChannelRuntimeBuilder(DeliveryRouterFactory routers)
{
    private long _version;

    /// <summary>Builds a runtime; throws <see cref="ConfigurationException"/> naming the resource when it is unusable.</summary>
    public ChannelRuntime Build(ChannelConfig config)
    {
        var bundle = config.Bundle;
        var channel = bundle.Channel;
        var where = $"Channel {config.Key}";
        if (channel.Spec.Subjects.Count == 0)
        {
            throw new ConfigurationException($"{where}: spec.subjects is empty");
        }

        if (SchedulingWindow.Problem(channel) is { } scheduling)
        {
            throw new ConfigurationException($"{where}: {scheduling}");
        }

        var templates = new Dictionary<string, CompiledTemplate>(StringComparer.Ordinal);
        foreach (var template in bundle.Templates)
        {
            var name = template.Metadata.Name;
            if (!channel.Spec.Templates.Contains(name))
            {
                continue;
            }

            if (template.Spec.Locales.Count == 0)
            {
                throw new ConfigurationException($"Template {config.Namespace}/{name}: spec.locales is empty");
            }

            templates[name] = new CompiledTemplate(template, BuildSchema(config.Namespace, name, template.Spec.DataSchema));
        }

        if (channel.Spec.Providers.Count == 0)
        {
            throw new ConfigurationException($"{where}: spec.providers is empty");
        }

        ProviderChainRouter router;
        try
        {
            router = routers.Create(channel, bundle.Providers, config.Secrets);
        }
        catch (ProviderConfigurationException e)
        {
            throw new ConfigurationException(e.Message, e);
        }

        return new ChannelRuntime
        {
            Channel = channel,
            Templates = templates,
            Router = router,
            Renderer = new TemplateRenderer(),
            Secrets = config.Secrets,
            Version = Interlocked.Increment(ref _version),
            Suspension = ChannelSuspension.Of(channel, bundle.Providers),
        };
    }

    /// <summary>A Template's dataSchema built for validation (also by the CLI's preview); null when it has none.</summary>
    internal static JsonSchema? BuildSchema(string @namespace, string name, System.Text.Json.Nodes.JsonObject? schema)
    {
        if (schema is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(schema.ToJsonString());

            // A private registry and a unique base URI per build, so a reload can rebuild a schema with the same $id.
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            return JsonSchema.Build(document.RootElement.Clone(), options, new Uri($"urn:k8snotify:template:{@namespace}:{name}:{Guid.NewGuid():N}"));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or Json.Schema.JsonSchemaException)
        {
            throw new ConfigurationException($"Template {@namespace}/{name}: spec.dataSchema is not a usable JSON Schema: {e.Message}", e);
        }
    }
}
