using System.Globalization;
using System.Text;

namespace K8sNotify.Bench.Proof;

/// <summary>
/// Draws p50 (solid) and p99 (dashed) publish→delivered latency against offered rate, one colour per scenario, both axes
/// logarithmic, as a self-contained SVG (no packages: it is a few lines and paths).
/// </summary>
internal static class ProofChart
{
    private const double Width = 960;
    private const double Height = 540;
    private const double Left = 80;
    private const double Right = 250;
    private const double Top = 60;
    private const double Bottom = 70;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    public static string Render(ProofReport report)
    {
        var series = report.Scenarios.Where(s => s.Rates.Count > 0).ToList();
        var rates = series.SelectMany(s => s.Rates.Select(r => (double)r.Offered)).Where(r => r > 0).Distinct().Order().ToList();
        var values = series.SelectMany(s => s.Rates.SelectMany(r => new[] { r.P50Ms, r.P99Ms })).Where(IsPlottable).ToList();
        values.Add(report.Targets.MaxP99MsAt2000);

        var (xMin, xMax) = rates.Count == 0 ? (100.0, 10_000.0) : (rates[0] / 1.6, rates[^1] * 1.6);
        var yMin = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(0.1, values.Min()))));
        var yMax = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(yMin * 10, values.Max()))));
        double X(double rate) => Left + ((Math.Log10(rate) - Math.Log10(xMin)) / (Math.Log10(xMax) - Math.Log10(xMin)) * (Width - Left - Right));
        double Y(double ms) => Height - Bottom - ((Math.Log10(ms) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)) * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        var load = string.Join(" ", report.Machine.LoadAverageStart.Select(l => l.ToString("0.0", CultureInfo.InvariantCulture)));
        Text(svg, Left, 24, $"K8sNotify proof: publish→delivered latency vs offered rate ({report.StartedAt:yyyy-MM-dd HH:mm} UTC{(report.Quick ? ", quick" : "")})", "start", 15, "bold");
        Text(svg, Left, 42, $"{report.Machine.Cores} cores, load average at start {load}; solid p50, dashed p99, hollow marker = offered above throughput (saturated)", "start", 11, null);

        // Grid and axes.
        for (var decade = yMin; decade <= yMax * 1.0001; decade *= 10)
        {
            var y = Y(decade);
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>\n"));
            Text(svg, Left - 8, y + 4, FormatMs(decade), "end", 11, null);
        }

        foreach (var rate in rates)
        {
            var x = X(rate);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\" stroke=\"#eee\"/>\n"));
            Text(svg, x, Height - Bottom + 18, rate.ToString("N0", CultureInfo.InvariantCulture), "middle", 11, null);
        }

        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#444\"/>\n"));
        Text(svg, (Left + Width - Right) / 2, Height - 22, "offered rate (notifications/s, open loop)", "middle", 12, null);
        svg.Append(Invariant($"<text x=\"18\" y=\"{(Top + Height - Bottom) / 2:0.#}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 18 {(Top + Height - Bottom) / 2:0.#})\">latency (ms, log scale)</text>\n"));

        // The p99 target.
        var target = Y(report.Targets.MaxP99MsAt2000);
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{target:0.#}\" x2=\"{Width - Right}\" y2=\"{target:0.#}\" stroke=\"#999\" stroke-dasharray=\"2,4\"/>\n"));
        Text(svg, Width - Right - 4, target - 4, $"target p99 ≤ {report.Targets.MaxP99MsAt2000:0} ms at 2,000/s", "end", 10, null);

        for (var i = 0; i < series.Count; i++)
        {
            var scenario = series[i];
            var colour = Palette[i % Palette.Length];
            var points = scenario.Rates.Where(r => r.Offered > 0).OrderBy(r => r.Offered).ToList();
            Series(svg, points, r => r.P50Ms, colour, null, X, Y);
            Series(svg, points, r => r.P99Ms, colour, "6,4", X, Y);

            var ly = Top + 10 + (i * 20);
            svg.Append(Invariant($"<line x1=\"{Width - Right + 16}\" y1=\"{ly:0.#}\" x2=\"{Width - Right + 36}\" y2=\"{ly:0.#}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n"));
            Text(svg, Width - Right + 42, ly + 4, scenario.Name, "start", 12, null);
        }

        if (series.Count == 0)
        {
            Text(svg, (Left + Width - Right) / 2, (Top + Height - Bottom) / 2, "no latency measured", "middle", 14, null);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Series(StringBuilder svg, List<RateResult> points, Func<RateResult, double> value, string colour, string? dash, Func<double, double> x, Func<double, double> y)
    {
        var plotted = points.Where(p => IsPlottable(value(p))).ToList();
        if (plotted.Count > 1)
        {
            var path = string.Join(" ", plotted.Select(p => Invariant($"{x(p.Offered):0.#},{y(value(p)):0.#}")));
            svg.Append(Invariant($"<polyline points=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/>\n"));
        }

        foreach (var p in plotted)
        {
            svg.Append(Invariant($"<circle cx=\"{x(p.Offered):0.#}\" cy=\"{y(value(p)):0.#}\" r=\"3.5\" fill=\"{(p.Saturated ? "white" : colour)}\" stroke=\"{colour}\" stroke-width=\"1.5\"><title>{p.Offered}/s: {FormatMs(value(p))}</title></circle>\n"));
        }
    }

    private static bool IsPlottable(double ms) => double.IsFinite(ms) && ms > 0;

    private static string FormatMs(double ms) => ms switch
    {
        >= 1000 => Invariant($"{ms / 1000:0.##} s"),
        >= 1 => Invariant($"{ms:0.#} ms"),
        _ => Invariant($"{ms:0.###} ms"),
    };

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, int size, string? weight) =>
        svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"{anchor}\" font-size=\"{size}\"{(weight is null ? "" : $" font-weight=\"{weight}\"")}>{System.Security.SecurityElement.Escape(text)}</text>\n"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
