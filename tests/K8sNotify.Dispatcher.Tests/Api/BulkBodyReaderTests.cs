using System.Text;
using K8sNotify.Dispatcher.Api;

namespace K8sNotify.Dispatcher.Tests.Api;

public sealed class BulkBodyReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_TooManyItems_StopsReadingLongBeforeTheEnd()
    {
        var json = "{\"notifications\":[" + string.Join(",", Enumerable.Repeat("""{"template":"welcome","to":"a@example.com"}""", 100_001)) + "]}";
        using var body = new CountingStream(Encoding.UTF8.GetBytes(json));

        var result = await new BulkBodyReader(8 * 1024 * 1024, 1000).ReadAsync(body, null, Ct);

        Assert.Equal(BulkRefusal.TooManyItems, result.Refusal);
        Assert.True(body.BytesRead < json.Length / 10, $"read {body.BytesRead} of {json.Length} bytes");
    }

    [Fact]
    public async Task ReadAsync_TooLarge_StopsAtTheLimit()
    {
        using var body = new CountingStream(new byte[10_000_000]);

        var result = await new BulkBodyReader(1024 * 1024, 1000).ReadAsync(body, null, Ct);

        Assert.Equal(BulkRefusal.TooLarge, result.Refusal);
        Assert.True(body.BytesRead <= 1024 * 1024 + 64 * 1024, $"read {body.BytesRead} bytes");
    }

    [Fact]
    public async Task ReadAsync_ListOfItems_ReturnsEachItemsBytes()
    {
        const string json = """{"notifications":[{"id":"a","data":{"x":[1,2]}}, 42 ,"s",[1]],"other":[{"id":"z"}]}""";
        using var body = new CountingStream(Encoding.UTF8.GetBytes(json), chunk: 3);

        var result = await new BulkBodyReader(1024, 10).ReadAsync(body, null, Ct);

        Assert.Null(result.Refusal);
        var items = result.Items!.Select(r => Encoding.UTF8.GetString(result.Body.Span[r])).ToList();
        Assert.Equal(["""{"id":"a","data":{"x":[1,2]}}""", "42", "\"s\"", "[1]"], items);
    }

    [Fact]
    public async Task ReadAsync_OneNotification_HasNoItems()
    {
        using var body = new CountingStream("""{"id":"a","to":["x@example.com"]}"""u8.ToArray());

        var result = await new BulkBodyReader(1024, 10).ReadAsync(body, null, Ct);

        Assert.Null(result.Refusal);
        Assert.Null(result.Items);
    }

    /// <summary>A request body that hands out at most <c>chunk</c> bytes per read and counts what was read.</summary>
    private sealed class CountingStream(byte[] data, int chunk = 16 * 1024) : MemoryStream(data)
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
            BytesRead += n;
            return n;
        }
    }
}
