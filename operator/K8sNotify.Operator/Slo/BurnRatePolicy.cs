namespace K8sNotify.Operator.Slo;

/// <summary>
/// The multiwindow multi-burn-rate policy (Google SRE workbook, chapter 5): for a 30d SLO page at 14.4× over 1h/5m
/// and 6× over 6h/30m, ticket at 3× over 1d/2h and 1× over 3d/6h; other SLO windows scale every window in proportion.
/// </summary>
public static class BurnRatePolicy
{
    /// <summary>Severity label of alerts that should wake someone up.</summary>
    public const string Page = "page";

    /// <summary>Severity label of alerts that can wait for working hours.</summary>
    public const string Ticket = "ticket";

    /// <summary>The SLO window the reference windows are tuned for.</summary>
    public static readonly TimeSpan ReferenceWindow = TimeSpan.FromDays(30);

    /// <summary>The shortest SLO window that still gives distinct alert windows.</summary>
    public static readonly TimeSpan MinimumWindow = TimeSpan.FromDays(1);

    /// <summary>No alert window is shorter than this (a rate needs at least two scrapes).</summary>
    public static readonly TimeSpan MinimumAlertWindow = TimeSpan.FromMinutes(1);

    private static readonly BurnRateWindow[] Reference =
    [
        new(Page, 14.4, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)),
        new(Page, 6, TimeSpan.FromHours(6), TimeSpan.FromMinutes(30)),
        new(Ticket, 3, TimeSpan.FromDays(1), TimeSpan.FromHours(2)),
        new(Ticket, 1, TimeSpan.FromDays(3), TimeSpan.FromHours(6)),
    ];

    /// <summary>The four alert conditions for an SLO window, page conditions first.</summary>
    public static IReadOnlyList<BurnRateWindow> For(TimeSpan sloWindow) =>
        [.. Reference.Select(w => w with { Long = Scale(w.Long, sloWindow), Short = Scale(w.Short, sloWindow) })];

    /// <summary>Every distinct window the alerts of an SLO window read an error ratio over, shortest first.</summary>
    public static IReadOnlyList<TimeSpan> RatioWindows(TimeSpan sloWindow) =>
        [.. For(sloWindow).SelectMany(w => new[] { w.Long, w.Short }).Distinct().Order()];

    /// <summary>Scales a reference window to an SLO window, in whole minutes and at least one minute.</summary>
    public static TimeSpan Scale(TimeSpan referenceAlertWindow, TimeSpan sloWindow)
    {
        var minutes = Math.Round(referenceAlertWindow.TotalMinutes * (sloWindow / ReferenceWindow), MidpointRounding.AwayFromZero);
        return TimeSpan.FromMinutes(Math.Max(MinimumAlertWindow.TotalMinutes, minutes));
    }
}
