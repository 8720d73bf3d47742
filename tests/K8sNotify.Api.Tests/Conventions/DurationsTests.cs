using K8sNotify.Api.Conventions;

namespace K8sNotify.Api.Tests.Conventions;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("30d", 2_592_000_000)]
    public void Parse_ValidDuration_ReturnsMilliseconds(string value, long expectedMs) =>
        Assert.Equal(expectedMs, (long)Durations.Parse(value).TotalMilliseconds);

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1.5h")]
    [InlineData("-1s")]
    [InlineData("10y")]
    public void TryParse_InvalidDuration_ReturnsFalse(string value) =>
        Assert.False(Durations.TryParse(value, out _));

    [Theory]
    [InlineData("90m", "1h30m")]
    [InlineData("72h", "3d")]
    [InlineData("1500ms", "1s500ms")]
    public void Format_ParsedDuration_UsesLargestUnits(string value, string expected) =>
        Assert.Equal(expected, Durations.Format(Durations.Parse(value)));
}
