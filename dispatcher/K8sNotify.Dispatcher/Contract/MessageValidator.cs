using System.Text;
using System.Text.Json;
using Json.Schema;
using K8sNotify.Dispatcher.Configuration;

namespace K8sNotify.Dispatcher.Contract;

/// <summary>Checks a decoded message against its Channel: known Template of the right type, data matching the dataSchema, usable recipients.</summary>
public static class MessageValidator
{
    private const int MaxReportedErrors = 5;

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    // Valid data is the common case: a yes/no evaluation stops at the first failure and builds no detail tree; only an
    // invalid message is evaluated again for the reasons.
    private static readonly EvaluationOptions ValidityOnly = new() { OutputFormat = OutputFormat.Flag };

    /// <summary>Returns why the message is invalid, or null when it may be delivered.</summary>
    public static string? Validate(ChannelRuntime runtime, NotificationMessage message, out CompiledTemplate? template)
    {
        if (!runtime.Templates.TryGetValue(message.Template, out template))
        {
            return $"unknown template '{message.Template}' (Channel {runtime.Key} has: {string.Join(", ", runtime.Templates.Keys.Order(StringComparer.Ordinal))})";
        }

        if (template.Template.Spec.ChannelType != runtime.Type)
        {
            return $"template '{message.Template}' is for {template.Template.Spec.ChannelType.ToString().ToLowerInvariant()}, the Channel is {runtime.Type.ToString().ToLowerInvariant()}";
        }

        for (var i = 0; i < message.To.Count; i++)
        {
            if (RecipientValidator.Validate(runtime.Type, message.To[i]) is { } problem)
            {
                return message.IsBulk ? $"to[{i}]: {problem}" : problem;
            }
        }

        return DataProblem(template, message.Data);
    }

    /// <summary>Why <paramref name="data"/> does not match the Template's dataSchema, or null when it does (or the Template has none).</summary>
    public static string? DataProblem(CompiledTemplate template, System.Text.Json.Nodes.JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(data);
        if (template.DataSchema is not { } schema)
        {
            return null;
        }

        using var document = JsonDocument.Parse(data.ToJsonString());
        return schema.Evaluate(document.RootElement, ValidityOnly).IsValid
            ? null
            : $"data does not match the dataSchema of template '{template.Name}': {Describe(schema.Evaluate(document.RootElement, Evaluation))}";
    }

    /// <summary>
    /// The same checks as <see cref="Validate"/>, but every problem by field (<c>template</c>, <c>to</c>/<c>to[i]</c>,
    /// <c>data.order</c>): what the HTTP API answers with. Empty when the message may be delivered.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateFields(ChannelRuntime runtime, NotificationMessage message)
    {
        var errors = new List<FieldError>();
        if (!runtime.Templates.TryGetValue(message.Template, out var template))
        {
            errors.Add(new FieldError("template", $"unknown template '{message.Template}' (Channel {runtime.Key} has: {string.Join(", ", runtime.Templates.Keys.Order(StringComparer.Ordinal))})"));
        }
        else if (template.Template.Spec.ChannelType != runtime.Type)
        {
            errors.Add(new FieldError("template", $"template '{message.Template}' is for {template.Template.Spec.ChannelType.ToString().ToLowerInvariant()}, the Channel is {runtime.Type.ToString().ToLowerInvariant()}"));
        }

        for (var i = 0; i < message.To.Count; i++)
        {
            if (RecipientValidator.Validate(runtime.Type, message.To[i]) is { } problem)
            {
                errors.Add(new FieldError(message.IsBulk ? $"to[{i}]" : "to", problem));
            }
        }

        if (template?.DataSchema is { } schema)
        {
            using var document = JsonDocument.Parse(message.Data.ToJsonString());
            var results = schema.Evaluate(document.RootElement, Evaluation);
            if (!results.IsValid)
            {
                var before = errors.Count;
                foreach (var detail in (results.Details ?? []).Prepend(results))
                {
                    foreach (var (keyword, error) in detail.Errors ?? new Dictionary<string, string>())
                    {
                        errors.Add(new FieldError(FieldOf(detail.InstanceLocation.ToString()), $"{error} ({keyword})"));
                    }
                }

                if (errors.Count == before)
                {
                    errors.Add(new FieldError("data", $"data does not match the dataSchema of template '{message.Template}'"));
                }
            }
        }

        return errors;
    }

    /// <summary>"/order/items/0" → "data.order.items.0".</summary>
    private static string FieldOf(string pointer)
    {
        var trimmed = pointer.Trim('/');
        return trimmed.Length == 0 ? "data" : "data." + trimmed.Replace('/', '.').Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    private static string Describe(EvaluationResults results)
    {
        var sb = new StringBuilder();
        var count = 0;
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, error) in detail.Errors)
            {
                if (count++ == MaxReportedErrors)
                {
                    sb.Append("; …");
                    return sb.ToString();
                }

                if (sb.Length > 0)
                {
                    sb.Append("; ");
                }

                var location = detail.InstanceLocation.ToString();
                sb.Append(string.IsNullOrEmpty(location) ? "/" : location).Append(": ").Append(error).Append(" (").Append(keyword).Append(')');
            }
        }

        return sb.Length > 0 ? sb.ToString() : "invalid";
    }
}
