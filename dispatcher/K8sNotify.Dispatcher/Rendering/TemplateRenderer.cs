using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Rendering;

/// <summary>
/// Renders Templates with Fluid (Liquid). One instance belongs to one config version, so its parsed-template cache
/// is dropped with the config on reload.
/// </summary>
public sealed class TemplateRenderer
{
    /// <summary>Bounds loops in templates so a bad template cannot stall a worker.</summary>
    public const int MaxSteps = 200_000;

    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false });

    private readonly ConcurrentDictionary<(string Template, string Locale, TemplateField Field, string? Key), IFluidTemplate> _cache = new();
    private readonly TemplateOptions _options;

    public TemplateRenderer()
    {
        _options = new TemplateOptions { MaxSteps = MaxSteps, CultureInfo = CultureInfo.InvariantCulture }.WithJsonEscape();
    }

    /// <summary>How many parsed templates are cached (tests check that a reload starts empty).</summary>
    public int CachedTemplates => _cache.Count;

    /// <summary>Renders one recipient's notification; throws <see cref="RenderException"/> with the field and reason.</summary>
    public ValueTask<RenderedNotification> RenderAsync(
        Template template, NotificationMessage message, RenderContext context, CancellationToken cancellationToken) =>
        DispatcherTracing.Source.HasListeners() ? RenderTracedAsync(template, message, context, cancellationToken) : RenderCoreAsync(template, message, context, cancellationToken);

    private async ValueTask<RenderedNotification> RenderTracedAsync(
        Template template, NotificationMessage message, RenderContext context, CancellationToken cancellationToken)
    {
        using var activity = DispatcherTracing.StartStep("render");
        activity?.SetTag("k8snotify.template", template.Metadata.Name);
        activity?.SetTag("k8snotify.notification.id", context.NotificationId);
        try
        {
            var rendered = await RenderCoreAsync(template, message, context, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("k8snotify.locale", rendered.Locale);
            return rendered;
        }
        catch (RenderException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private async ValueTask<RenderedNotification> RenderCoreAsync(
        Template template, NotificationMessage message, RenderContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var spec = template.Spec;
        var locale = LocaleResolver.Resolve(spec, message.Locale);
        var content = spec.Locales[locale];
        var name = template.Metadata.Name;
        var model = BuildContext(message, context, locale);

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, source) in content.Data ?? [])
        {
            data[key] = await RenderFieldAsync(name, locale, TemplateField.Data, key, source, model, NullEncoder.Default).ConfigureAwait(false) ?? "";
        }

        return new RenderedNotification
        {
            NotificationId = context.NotificationId,
            Namespace = context.Namespace,
            Channel = context.Channel,
            ChannelType = context.ChannelType,
            Recipient = context.Recipient,
            Template = name,
            Locale = locale,
            Subject = SingleLine(await RenderFieldAsync(name, locale, TemplateField.Subject, null, content.Subject, model, NullEncoder.Default).ConfigureAwait(false)),
            Text = await RenderFieldAsync(name, locale, TemplateField.Text, null, content.Text, model, NullEncoder.Default).ConfigureAwait(false),
            Html = await RenderFieldAsync(name, locale, TemplateField.Html, null, content.Html, model, HtmlEncoder.Default).ConfigureAwait(false),
            Title = SingleLine(await RenderFieldAsync(name, locale, TemplateField.Title, null, content.Title, model, NullEncoder.Default).ConfigureAwait(false)),
            Body = await RenderFieldAsync(name, locale, TemplateField.Body, null, content.Body, model, NullEncoder.Default).ConfigureAwait(false),
            Data = data,
            Priority = message.Priority,
            PushOptions = spec.Push,
            PublishedAt = context.PublishedAt,
            Attempt = context.Attempt,
        };
    }

    private async ValueTask<string?> RenderFieldAsync(
        string template, string locale, TemplateField field, string? key, string? source, TemplateContext model, TextEncoder encoder)
    {
        if (source is null)
        {
            return null;
        }

        var parsed = _cache.GetOrAdd((template, locale, field, key), static (k, src) => Parse(k.Template, k.Locale, k.Field, k.Key, src), source);
        try
        {
            return await parsed.RenderAsync(model, encoder).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException or NotSupportedException or JsonException)
        {
            throw new RenderException($"template '{template}' ({locale}, {Describe(field, key)}) failed to render: {e.Message}", e);
        }
    }

    private static IFluidTemplate Parse(string template, string locale, TemplateField field, string? key, string source)
    {
        if (!Parser.TryParse(source, out var parsed, out var error))
        {
            throw new RenderException($"template '{template}' ({locale}, {Describe(field, key)}) does not parse: {error}");
        }

        return parsed;
    }

    private TemplateContext BuildContext(NotificationMessage message, RenderContext context, string locale)
    {
        var model = new TemplateContext(_options);
        var data = ToClr(message.Data);
        if (data is IDictionary<string, object?> top)
        {
            // Data fields are available both as {{ data.name }} and {{ name }}.
            foreach (var (k, v) in top)
            {
                model.SetValue(k, FluidValue.Create(v, _options));
            }
        }

        model.SetValue("data", FluidValue.Create(data, _options));
        model.SetValue("recipient", new StringValue(context.Recipient));
        model.SetValue("notificationId", new StringValue(context.NotificationId));
        model.SetValue("locale", new StringValue(locale));
        return model;
    }

    private static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToClr(p.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(ToClr).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var l) ? l : value.TryGetValue<decimal>(out var m) ? m : value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    private static string? SingleLine(string? value) =>
        value is null ? null : value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ').Trim();

    private static string Describe(TemplateField field, string? key) =>
        key is null ? field.ToString().ToLowerInvariant() : $"data.{key}";
}
