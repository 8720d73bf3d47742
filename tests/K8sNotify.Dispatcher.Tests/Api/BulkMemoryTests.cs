using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.TestSupport.Processes;

namespace K8sNotify.Dispatcher.Tests.Api;

/// <summary>Oversized bulks against a real dispatcher process with the heap limit .NET derives from a 256 MiB container.</summary>
public sealed class BulkMemoryTests
{
    private const long ContainerLimitBytes = 256L * 1024 * 1024;

    [Fact]
    public async Task SubmitBulk_32ConcurrentOversizedBulks_StayWithinTheContainerMemoryLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = await NatsServer.StartAsync(cancellationToken: ct);
        var directory = DispatcherHarness.NewDirectory();
        var channel = ApiFixture.ApiChannel();
        channel.WriteTo(directory);

        // A container's memory limit makes .NET cap its heap at 75% of it; the same cap, set explicitly.
        var heapLimit = "0x" + (ContainerLimitBytes * 3 / 4).ToString("X", CultureInfo.InvariantCulture);
        await using var dispatcher = await DispatcherChildProcess.StartAsync(directory, nats.Url, environment: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = heapLimit }, cancellationToken: ct);
        var body = Encoding.UTF8.GetBytes("{\"notifications\":[" + string.Join(",", Enumerable.Repeat("""{"template":"welcome","to":"a@example.com"}""", 100_001)) + "]}");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{dispatcher.HttpPort}"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFixture.Token);

        long peak = 0;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(
            async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ResidentBytes(dispatcher.Pid));
                    await Task.Delay(20, CancellationToken.None);
                }
            },
            CancellationToken.None);

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync($"/v1/namespaces/default/channels/{channel.Name}/notifications:bulk", content, ct);
            return (response.StatusCode, Text: await response.Content.ReadAsStringAsync(ct));
        }));
        await sampling.CancelAsync();
        await sampler;

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode);
            Assert.Contains("more than 1000 notifications", a.Text, StringComparison.Ordinal);
        });
        Assert.False(dispatcher.HasExited);
        Assert.True(peak > 0, "RSS was never sampled");
        Assert.True(peak < ContainerLimitBytes, $"peak RSS {peak / (1024 * 1024)} MiB is over the 256 MiB container limit");
        TestContext.Current.SendDiagnosticMessage($"peak RSS {peak / (1024 * 1024)} MiB");
    }

    private static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
