using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Status;
using K8sNotify.TestSupport;

namespace K8sNotify.Client.Tests;

/// <summary>The client's types against the dispatcher's own: what the client writes decodes, and the field sets cannot drift apart.</summary>
public sealed class NotificationContractTests
{
    private static readonly Notification Full = new()
    {
        Id = "order-42",
        Template = "welcome",
        Locale = "pt-BR",
        To = Recipients.Many(["ada@example.com", "grace@example.com"]),
        Data = Notification.DataFrom(new { name = "Ada", order = 42, lines = new[] { new { sku = "x-1", qty = 2 } } }),
        Priority = NotificationPriority.High,
        SendAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)),
    };

    [Fact]
    public void Serialize_EveryField_DispatcherDecodesTheSameValues()
    {
        var decoded = MessageDecoder.Decode(Full.ToUtf8Json(), headerId: null);

        Assert.Empty(decoded.Errors);
        var message = Assert.IsType<NotificationMessage>(decoded.Message);
        Assert.Equal("order-42", message.Id);
        Assert.Equal("welcome", message.Template);
        Assert.Equal("pt-BR", message.Locale);
        Assert.Equal(["ada@example.com", "grace@example.com"], message.To);
        Assert.True(message.IsBulk);
        Assert.Equal("high", message.Priority);
        Assert.Equal(Full.SendAt, message.SendAt);
        Assert.True(JsonNode.DeepEquals(Full.Data, message.Data));
        Assert.Equal(["order-42:0", "order-42:1"], Full.NotificationIds("order-42"));
        Assert.Equal([message.NotificationId(0), message.NotificationId(1)], Full.NotificationIds("order-42"));
    }

    [Fact]
    public void Serialize_MinimalSingleRecipient_DecodesAsOneNotificationWithDefaults()
    {
        var minimal = new Notification { Template = "welcome", To = "ada@example.com" };

        var decoded = MessageDecoder.Decode(minimal.ToUtf8Json(), headerId: "from-header");

        var message = Assert.IsType<NotificationMessage>(decoded.Message);
        Assert.Equal("from-header", message.Id);
        Assert.False(message.IsBulk);
        Assert.Equal(["ada@example.com"], message.To);
        Assert.Equal(MessageDecoder.NormalPriority, message.Priority);
        Assert.Null(message.SendAt);
        Assert.Equal("""{"template":"welcome","to":"ada@example.com"}""", Encoding.UTF8.GetString(minimal.ToUtf8Json()));
    }

    [Fact]
    public void Priority_EveryClientValue_IsAPriorityTheDecoderAccepts()
    {
        foreach (var priority in Enum.GetValues<NotificationPriority>())
        {
            var decoded = MessageDecoder.Decode((Full with { Priority = priority }).ToUtf8Json(), null);
            Assert.True(decoded.Message is not null, $"{priority}: {string.Join("; ", decoded.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void Notification_FieldSet_EqualsTheDispatchersMessageAndTheOpenApiSchema()
    {
        // IsBulk is not a field of its own: it is whether 'to' is a list.
        var dispatcher = typeof(NotificationMessage).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != nameof(NotificationMessage.IsBulk))
            .Select(p => JsonNamingPolicyCamel(p.Name));
        var openApi = OpenApiProperties("Notification");

        Assert.Equal(Sorted(dispatcher), Sorted(JsonNames(typeof(Notification))));
        Assert.Equal(Sorted(openApi), Sorted(JsonNames(typeof(Notification))));
    }

    [Theory]
    [InlineData(typeof(NotificationStatus), typeof(StatusRecord))]
    [InlineData(typeof(SubmitResult), typeof(AcceptedNotification))]
    [InlineData(typeof(BulkSubmitResult), typeof(BulkResult))]
    [InlineData(typeof(BulkSubmitItem), typeof(BulkItemResult))]
    public void Answer_FieldSet_EqualsTheDispatchersAnswer(Type client, Type dispatcher) =>
        Assert.Equal(Sorted(JsonNames(dispatcher)), Sorted(JsonNames(client)));

    [Fact]
    public void State_EveryDispatcherState_ClassifiedLikeTheDispatcher()
    {
        foreach (var state in Enum.GetValues<NotificationState>())
        {
            var status = new NotificationStatus { Id = "x", MessageId = "x", Namespace = "n", Channel = "c", State = state.WireName() };
            Assert.Equal(state.IsTerminal(), status.IsTerminal);
        }
    }

    private static IEnumerable<string> JsonNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicyCamel(p.Name));

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    private static List<string> Sorted(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];

    private static IEnumerable<string> OpenApiProperties(string schema)
    {
        var document = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("docs", "openapi", "v1.json")))!;
        return document["components"]!["schemas"]![schema]!["properties"]!.AsObject().Select(p => p.Key);
    }
}
