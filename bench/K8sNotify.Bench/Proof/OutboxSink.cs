using System.Diagnostics;
using System.Text.Json;
using K8sNotify.Dispatcher.Providers.Outbox;
using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Bench.Proof;

/// <summary>
/// The outbox provider's folder: a notification arrived when the provider wrote its file, so the delivery time is the
/// file's <c>writtenAt</c> (the dispatcher's clock, microseconds; file modification times are only as fine as a kernel
/// tick). Files are read after the fact: nothing watches the folder while the dispatcher runs.
/// </summary>
internal sealed class OutboxSink(string directory) : IDeliverySink
{
    // One (wall clock, stopwatch) pair taken together converts file times into stopwatch timestamps.
    private readonly DateTime _anchorUtc = DateTime.UtcNow;
    private readonly long _anchorTimestamp = Stopwatch.GetTimestamp();

    public string Directory => directory;

    public (string Name, string Yaml) Provider(string name) => ChannelManifests.Outbox(name, directory);

    public bool TryGetDelivered(string id, out long timestamp)
    {
        timestamp = 0;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path.Combine(directory, OutboxProvider.FileName(id)));
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        using var document = JsonDocument.Parse(bytes);
        if (!document.RootElement.TryGetProperty("writtenAt", out var writtenAt))
        {
            return false;
        }

        timestamp = _anchorTimestamp + (long)((writtenAt.GetDateTimeOffset().UtcDateTime - _anchorUtc).TotalSeconds * Stopwatch.Frequency);
        return true;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
