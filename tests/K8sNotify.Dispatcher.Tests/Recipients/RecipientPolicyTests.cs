using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Recipients.Preferences;
using K8sNotify.Dispatcher.Recipients.Suppression;

namespace K8sNotify.Dispatcher.Tests.Recipients;

public sealed class RecipientPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static readonly RecipientPreferences NoMarketingNoSms = new()
    {
        OptOut = new OptOutSet { Categories = ["marketing"], ChannelTypes = ["sms"] },
        Locale = "de",
    };

    private static readonly SuppressionEntry Dead = new() { Recipient = "x", Reason = "smtp 550 5.1.1", Source = "provider", CreatedAt = Now.AddDays(-1), ExpiresAt = Now.AddDays(1) };

    private static readonly SuppressionEntry Expired = Dead with { ExpiresAt = Now.AddSeconds(-1) };

    public static TheoryData<string, OptOutPolicy, string?, string, RecipientPreferences?, SuppressionEntry?, RecipientAction, string?> Cases => new()
    {
        { "nothing known", OptOutPolicy.Allowed, "marketing", "email", null, null, RecipientAction.Send, null },
        { "dead address", OptOutPolicy.Allowed, "marketing", "email", null, Dead, RecipientAction.Suppress, SuppressionReasons.SuppressedAddress },
        { "dead address, mandatory", OptOutPolicy.Mandatory, "transactional", "email", null, Dead, RecipientAction.Suppress, SuppressionReasons.SuppressedAddress },
        { "expired entry", OptOutPolicy.Allowed, "marketing", "email", null, Expired, RecipientAction.Send, null },
        { "category opted out", OptOutPolicy.Allowed, "marketing", "email", NoMarketingNoSms, null, RecipientAction.Suppress, SuppressionReasons.Category },
        { "other category", OptOutPolicy.Allowed, "product", "email", NoMarketingNoSms, null, RecipientAction.Send, null },
        { "channel type opted out", OptOutPolicy.Allowed, "product", "sms", NoMarketingNoSms, null, RecipientAction.Suppress, SuppressionReasons.OptedOut },
        { "no category, channel type opted out", OptOutPolicy.Allowed, null, "sms", NoMarketingNoSms, null, RecipientAction.Suppress, SuppressionReasons.OptedOut },
        { "mandatory ignores opt-outs", OptOutPolicy.Mandatory, "marketing", "sms", NoMarketingNoSms, null, RecipientAction.Send, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_Table(string scenario, OptOutPolicy optOut, string? category, string channelType, RecipientPreferences? preferences, SuppressionEntry? suppression, RecipientAction action, string? reason)
    {
        var verdict = RecipientPolicy.Decide(optOut, category, channelType, "normal", null, preferences, suppression, Now);

        Assert.True(action == verdict.Action, scenario);
        Assert.Equal(reason, verdict.Suppression);
        if (action == RecipientAction.Suppress)
        {
            Assert.False(string.IsNullOrEmpty(verdict.Reason));
        }
    }

    [Fact]
    public void Decide_NoMessageLocale_UsesThePreferredLocale()
    {
        Assert.Equal("de", RecipientPolicy.Decide(OptOutPolicy.Allowed, "product", "email", "normal", null, NoMarketingNoSms, null, Now).Locale);
        Assert.Null(RecipientPolicy.Decide(OptOutPolicy.Allowed, "product", "email", "normal", "fr", NoMarketingNoSms, null, Now).Locale);
    }

    [Theory]
    [InlineData(OptOutPolicy.Allowed, "normal", RecipientAction.Wait)]
    [InlineData(OptOutPolicy.Allowed, "low", RecipientAction.Wait)]
    [InlineData(OptOutPolicy.Allowed, "high", RecipientAction.Send)]
    [InlineData(OptOutPolicy.Mandatory, "normal", RecipientAction.Send)]
    public void Decide_InsideQuietHours_WaitsUnlessHighPriorityOrMandatory(OptOutPolicy optOut, string priority, RecipientAction expected)
    {
        var preferences = new RecipientPreferences { QuietHours = new QuietHoursSetting { Start = "11:00", End = "13:30" } };

        var verdict = RecipientPolicy.Decide(optOut, "product", "email", priority, null, preferences, null, Now);

        Assert.Equal(expected, verdict.Action);
        if (expected == RecipientAction.Wait)
        {
            Assert.Equal(new DateTimeOffset(2026, 12, 3, 13, 30, 0, TimeSpan.Zero), verdict.WaitUntil);
        }
    }
}
