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

        if (template.DataSchema is { } schema)
        {
            using var document = JsonDocument.Parse(message.Data.ToJsonString());
            var results = schema.Evaluate(document.RootElement, Evaluation);
            if (!results.IsValid)
            {
                return $"data does not match the dataSchema of template '{message.Template}': {Describe(results)}";
            }
        }

        return null;
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
