using K8sNotify.Dispatcher.Status;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Metrics;
using NATS.Client.JetStream;

namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>Waits for every notification of a run to reach a terminal state in the status bucket, and says what was missing if not.</summary>
public static class FaultOutcome
{
    /// <summary>Polls the status bucket until it holds <paramref name="total"/> terminal records; on timeout fails with the state counts and <paramref name="diagnostics"/>.</summary>
    public static async Task<Dictionary<string, StatusRecord>> AllTerminalAsync(INatsJSContext js, int total, TimeSpan deadline, Func<string> diagnostics, CancellationToken cancellationToken)
    {
        Dictionary<string, StatusRecord> status = [];
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    status = await FaultChannel.ReadStatusAsync(js, cancellationToken).ConfigureAwait(false);
                    return status.Count == total && status.Values.All(r => r.State.IsTerminal());
                },
                $"all {total} notifications terminal",
                deadline,
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            var states = string.Join(", ", status.Values.GroupBy(r => r.State).Select(g => $"{g.Key} {g.Count()}"));
            Assert.Fail($"{e.Message}; records {status.Count}/{total} ({states}); {diagnostics()}");
        }

        return status;
    }

    /// <summary>The sum of every sample of <paramref name="name"/> in a /metrics scrape whose labels include all of <paramref name="labels"/>.</summary>
    public static double MetricSum(string scrape, string name, params (string Label, string Value)[] labels) =>
        PrometheusTextParser.Parse(scrape)
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value))
            .Sum(s => s.Value);

    /// <summary>The last few thousand characters of a process's output, for a failure message.</summary>
    public static string Tail(string output) => output[^Math.Min(4000, output.Length)..];
}
