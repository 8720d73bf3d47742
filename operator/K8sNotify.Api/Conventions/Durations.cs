using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.Conventions;

/// <summary>Parses and formats the duration strings of the API (<c>500ms</c>, <c>1h30m</c>, <c>30d</c>).</summary>
public static partial class Durations
{
    [GeneratedRegex(Patterns.Duration, RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex("([0-9]+)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    /// <summary>Parses a duration, throwing <see cref="FormatException"/> that quotes the bad value.</summary>
    public static TimeSpan Parse(string value) =>
        TryParse(value, out var result) ? result : throw new FormatException($"'{value}' is not a duration such as 500ms, 30s, 5m, 1h or 30d");

    /// <summary>Parses a duration; false for anything the API schema would reject.</summary>
    public static bool TryParse(string? value, out TimeSpan result)
    {
        result = TimeSpan.Zero;
        if (string.IsNullOrEmpty(value) || !Whole().IsMatch(value))
        {
            return false;
        }

        long ticks = 0;
        foreach (Match m in Part().Matches(value))
        {
            if (!long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            var unit = m.Groups[2].Value switch
            {
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => TimeSpan.TicksPerDay,
            };
            try
            {
                ticks = checked(ticks + checked(n * unit));
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        result = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Parses an optional duration, using <paramref name="fallback"/> when it is absent.</summary>
    public static TimeSpan ParseOrDefault(string? value, TimeSpan fallback) =>
        string.IsNullOrEmpty(value) ? fallback : Parse(value);

    /// <summary>Formats a duration in the largest whole units (Prometheus and API style), for example <c>1h30m</c> or <c>3d</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        var ticks = value.Ticks;
        Append(ref ticks, TimeSpan.TicksPerDay, "d");
        Append(ref ticks, TimeSpan.TicksPerHour, "h");
        Append(ref ticks, TimeSpan.TicksPerMinute, "m");
        Append(ref ticks, TimeSpan.TicksPerSecond, "s");
        Append(ref ticks, TimeSpan.TicksPerMillisecond, "ms");
        return sb.ToString();

        void Append(ref long remaining, long unit, string suffix)
        {
            var n = remaining / unit;
            if (n > 0)
            {
                sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append(suffix);
                remaining -= n * unit;
            }
        }
    }
}
