using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Contract;

/// <summary>A Channel's digest settings, parsed and checked; shared by the operator (validation) and the dispatcher (combining).</summary>
public sealed record DigestSettings(TimeSpan Window, int MaxItems, string Template, string? Key)
{
    /// <summary>The shortest window a digest may have.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    /// <summary>The longest window a digest may have (its items wait in the Channel's stores that long).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    /// <summary>The most notifications one digest may combine.</summary>
    public const int MaxItemsLimit = 1000;

    /// <summary>The Channel's digest, or null when it has none; throws <see cref="FormatException"/> for a value <see cref="Problem"/> rejects.</summary>
    public static DigestSettings? Of(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Spec.Digest is { } d ? new DigestSettings(Durations.Parse(d.Window), d.MaxItems, d.Template, string.IsNullOrEmpty(d.Key) ? null : d.Key) : null;
    }

    /// <summary>Why the Channel's digest cannot be used, naming the field; null when it is fine or absent.</summary>
    public static string? Problem(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Spec.Digest is not { } d)
        {
            return null;
        }

        if (!Durations.TryParse(d.Window, out var window) || window < MinWindow || window > MaxWindow)
        {
            return $"spec.digest.window: '{d.Window}' is not a duration between {Durations.Format(MinWindow)} and {Durations.Format(MaxWindow)}";
        }

        if (d.MaxItems is < 1 or > MaxItemsLimit)
        {
            return $"spec.digest.maxItems: {d.MaxItems} is not between 1 and {MaxItemsLimit}";
        }

        if (string.IsNullOrEmpty(d.Template) || !channel.Spec.Templates.Contains(d.Template, StringComparer.Ordinal))
        {
            return $"spec.digest.template: '{d.Template}' is not one of spec.templates";
        }

        return d.Key is { Length: > 0 } key && !System.Text.RegularExpressions.Regex.IsMatch(key, Schema.Patterns.DataPath)
            ? $"spec.digest.key: '{key}' is not a dotted path into data such as project.id"
            : null;
    }
}
