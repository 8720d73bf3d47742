using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Cli.Output;
using K8sNotify.Cli.Targets;
using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Rendering;

namespace K8sNotify.Cli.Commands;

/// <summary><c>render</c>: a Template and message data rendered by the dispatcher's own renderer, per locale; needs no NATS.</summary>
internal static class RenderCommand
{
    public static Command Create(GlobalOptions global)
    {
        var template = new Option<string?>("--template", "-t") { Description = "The Template, read from --manifests or the cluster", HelpName = "NAME" };
        var file = new Option<string?>("--file", "-f") { Description = "A Template manifest (YAML or JSON) instead; needs neither a cluster nor a manifest folder", HelpName = "TEMPLATE.yaml" };
        var data = new DataInput();
        var locale = new Option<string?>("--locale", "-l") { Description = "Only this locale, resolved as the dispatcher resolves a message's locale (default: every locale)", HelpName = "LOCALE" };
        var noValidate = new Option<bool>("--no-validate") { Description = "Render even when the data does not match the Template's dataSchema (the dispatcher would dead-letter such a message)" };
        var to = new Option<string>("--to") { Description = "The recipient, as {{ recipient }} in the Template", HelpName = "RECIPIENT", DefaultValueFactory = _ => "recipient@example.com" };
        var command = new Command("render", "Render a Template with message data: subject, text and html (title, body and data for push and chat) per locale, exactly as the dispatcher renders them. Needs no NATS.")
        {
            template, file, locale, to, noValidate,
        };
        data.AddTo(command);
        CommandRunner.SetAction(command, async (parsed, output, cancellationToken) =>
        {
            var resource = await LoadAsync(global.Read(parsed), parsed.GetValue(template), parsed.GetValue(file), cancellationToken).ConfigureAwait(false);
            var values = data.Read(parsed);
            if (!parsed.GetValue(noValidate))
            {
                Validate(resource, values);
            }

            var rendered = await RenderAsync(resource, values, parsed.GetValue(locale), parsed.GetValue(to)!, cancellationToken).ConfigureAwait(false);
            await output.Out.WriteLineAsync(global.Read(parsed).Json ? Json(rendered) : Text(rendered)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Renders every locale of the Template (or the one <paramref name="locale"/> resolves to).</summary>
    public static async Task<IReadOnlyList<RenderedNotification>> RenderAsync(Template template, JsonObject data, string? locale, string recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        var renderer = new TemplateRenderer();
        var locales = locale is null
            ? template.Spec.Locales.Keys.Order(StringComparer.Ordinal).ToList()
            : [LocaleResolver.Resolve(template.Spec, locale)];
        var results = new List<RenderedNotification>();
        foreach (var name in locales)
        {
            var message = new NotificationMessage { Id = "preview", Template = template.Metadata.Name, Locale = name, To = [recipient], Data = data.DeepClone().AsObject() };
            var context = new RenderContext("preview", template.Metadata.NamespaceProperty ?? "default", "preview", template.Spec.ChannelType, recipient, DateTimeOffset.UtcNow, 1);
            try
            {
                results.Add(await renderer.RenderAsync(template, message, context, cancellationToken).ConfigureAwait(false));
            }
            catch (RenderException e)
            {
                throw new CliException(e.Message);
            }
        }

        return results;
    }

    /// <summary>The dispatcher's own check of the data against the dataSchema: a message that fails it is dead-lettered, not rendered.</summary>
    private static void Validate(Template template, JsonObject data)
    {
        CompiledTemplate compiled;
        try
        {
            compiled = new CompiledTemplate(template, ChannelRuntimeBuilder.BuildSchema(template.Metadata.NamespaceProperty ?? "default", template.Metadata.Name, template.Spec.DataSchema));
        }
        catch (ConfigurationException e)
        {
            throw new CliException(e.Message);
        }

        if (MessageValidator.DataProblem(compiled, data) is { } problem)
        {
            throw new CliException($"{problem} (the dispatcher would dead-letter this message; --no-validate renders it anyway)");
        }
    }

    private static async Task<Template> LoadAsync(CliSettings settings, string? name, string? file, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new CliException($"Template file {file} does not exist", ExitCodes.BadInput);
            }

            var templates = ManifestReader.ReadString(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), file, settings.Namespace ?? "default").Templates;
            return templates.FirstOrDefault(t => name is null || t.Metadata.Name == name)
                ?? throw new CliException(name is null ? $"{file} has no Template" : $"{file} has no Template '{name}'");
        }

        if (name is null)
        {
            throw new CliException("name a Template with --template NAME, or pass a manifest with --file TEMPLATE.yaml", ExitCodes.BadInput);
        }

        using var source = Target.Open(settings);
        return await source.GetTemplateAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"no Template '{name}' in {source.Description}");
    }

    private static string Text(IReadOnlyList<RenderedNotification> rendered)
    {
        var text = new StringBuilder();
        foreach (var r in rendered)
        {
            text.Append("=== ").Append(r.Locale).Append('\n');
            Field(text, "subject", r.Subject);
            Field(text, "title", r.Title);
            Block(text, "text", r.Text);
            Block(text, "html", r.Html);
            Block(text, "body", r.Body);
            foreach (var (key, value) in r.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Field(text, $"data.{key}", value);
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static void Field(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }
    }

    private static void Block(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append("--- ").Append(name).Append('\n').Append(value.TrimEnd('\n')).Append('\n');
        }
    }

    private static string Json(IReadOnlyList<RenderedNotification> rendered)
    {
        var array = new JsonArray();
        foreach (var r in rendered)
        {
            var item = new JsonObject { ["locale"] = r.Locale };
            Add(item, "subject", r.Subject);
            Add(item, "text", r.Text);
            Add(item, "html", r.Html);
            Add(item, "title", r.Title);
            Add(item, "body", r.Body);
            if (r.Data.Count > 0)
            {
                item["data"] = new JsonObject(r.Data.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
            }

            array.Add(item);
        }

        return JsonOutput.Format(array);
    }

    private static void Add(JsonObject item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = value;
        }
    }
}
