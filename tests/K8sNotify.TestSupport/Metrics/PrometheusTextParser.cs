using System.Globalization;
using System.Text;

namespace K8sNotify.TestSupport.Metrics;

/// <summary>Parses the Prometheus text exposition format (version 0.0.4) as served on <c>/metrics</c>.</summary>
public static class PrometheusTextParser
{
    /// <summary>Every sample of a scrape; comment lines are skipped; a malformed line throws <see cref="FormatException"/> naming it.</summary>
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            try
            {
                samples.Add(ParseLine(line));
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                throw new FormatException($"line {lineNumber} is not a Prometheus sample: {line}", e);
            }
        }

        return samples;
    }

    private static MetricSample ParseLine(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && !char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                SkipSpaces(line, ref i);
                if (line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (line[i] != '=')
                {
                    i++;
                }

                var label = line[start..i].Trim();
                i++;
                SkipSpaces(line, ref i);
                if (line[i] != '"')
                {
                    throw new FormatException($"label {label} has no quoted value");
                }

                i++;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++;
                labels[label] = value.ToString();
                SkipSpaces(line, ref i);
                if (line[i] == ',')
                {
                    i++;
                }
            }
        }

        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (name.Length == 0 || rest.Length == 0)
        {
            throw new FormatException("missing name or value");
        }

        return new MetricSample(name, labels, ParseValue(rest[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static void SkipSpaces(string line, ref int i)
    {
        while (char.IsWhiteSpace(line[i]))
        {
            i++;
        }
    }
}
