using System.Text.Json;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Tests.Status;

public sealed class StatusJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Serialize_FullRecord_MatchesTheReflectionSerializerWithTheSharedOptions()
    {
        var record = Full();

        var generated = StatusJson.Serialize(record);
        var reflected = JsonSerializer.SerializeToUtf8Bytes(record, StatusJson.Options);

        Assert.Equal(System.Text.Encoding.UTF8.GetString(reflected), System.Text.Encoding.UTF8.GetString(generated));
        Assert.Contains("\"state\":\"retrying\"", System.Text.Encoding.UTF8.GetString(generated), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_MinimalRecord_LeavesNullsOutAndRoundTrips()
    {
        var record = new StatusRecord { Id = "n-1", MessageId = "m-1", Namespace = "shop", Channel = "orders", State = NotificationState.Sent, CreatedAt = At, UpdatedAt = At };

        var json = StatusJson.Serialize(record);

        Assert.DoesNotContain("null", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(record, StatusJson.Deserialize(json));
    }

    [Fact]
    public void Deserialize_RecordWrittenByTheReflectionSerializer_ReadsEveryField()
    {
        var record = Full();

        var back = StatusJson.Deserialize(JsonSerializer.SerializeToUtf8Bytes(record, StatusJson.Options));

        Assert.Equal(record, back);
    }

    private static StatusRecord Full() => new()
    {
        Id = "m-1:0",
        MessageId = "m-1",
        Namespace = "shop",
        Channel = "orders",
        State = NotificationState.Retrying,
        Template = "welcome",
        Recipient = "ada@example.com",
        Attempts = 2,
        Provider = "smtp",
        ProviderMessageId = "abc",
        Reason = "421 try later",
        CreatedAt = At,
        UpdatedAt = At.AddSeconds(1),
        PublishedAt = At.AddSeconds(-1),
        SendAt = At,
        NextAttemptAt = At.AddSeconds(30),
        RateLimitAllowedAt = At,
    };
}
