using K8sNotify.Dispatcher.Recipients.Preferences;
using K8sNotify.Dispatcher.Recipients.QuietHours;

namespace K8sNotify.Dispatcher.Tests.Recipients;

public sealed class QuietHoursWindowTests
{
    private static readonly QuietHoursSetting Night = new() { Start = "22:00", End = "07:00" };

    [Theory]
    [InlineData("2026-12-03T21:59:00Z", "2026-12-04T06:00:00Z")] // 22:59 local (UTC+1): inside, ends 07:00 local next day
    [InlineData("2026-12-03T20:59:00Z", "none")] // 21:59 local: before the window
    [InlineData("2026-12-03T23:00:00Z", "2026-12-04T06:00:00Z")] // midnight local: ends 07:00 local next day
    [InlineData("2026-12-04T05:59:00Z", "2026-12-04T06:00:00Z")] // 06:59 local: ends in a minute
    [InlineData("2026-12-04T06:00:00Z", "none")] // 07:00 local: the window is over
    public void EndOf_WindowAcrossMidnightInBerlin(string now, string expected)
    {
        var end = QuietHoursWindow.EndOf(Night, "Europe/Berlin", DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        if (expected == "none")
        {
            Assert.Null(end);
        }
        else
        {
            Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), end);
        }
    }

    [Fact]
    public void EndOf_SummerTime_UsesTheOffsetOfThatDay()
    {
        // 23:30 UTC on 1 July is 01:30 CEST (UTC+2); the window ends at 07:00 CEST = 05:00 UTC.
        var end = QuietHoursWindow.EndOf(Night, "Europe/Berlin", new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 5, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void EndOf_NoTimezone_IsUtc()
    {
        Assert.Equal(
            new DateTimeOffset(2026, 12, 4, 7, 0, 0, TimeSpan.Zero),
            QuietHoursWindow.EndOf(Night, null, new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("07:00", "07:00")]
    [InlineData("7am", "09:00")]
    public void EndOf_UnusableWindow_NeverQuiet(string start, string end)
    {
        Assert.Null(QuietHoursWindow.EndOf(new QuietHoursSetting { Start = start, End = end }, "UTC", new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero)));
    }
}
