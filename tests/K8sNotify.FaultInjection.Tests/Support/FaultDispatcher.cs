using K8sNotify.TestSupport.Processes;

namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>Starts the real dispatcher binary for a fault test, tuned so a crash's consequences show within seconds.</summary>
public static class FaultDispatcher
{
    /// <summary>
    /// A dispatcher child process with a 4 s ack wait (so a killed dispatcher's in-flight messages come back within seconds,
    /// not the production 30 s) and a 0.5 s in-flight recheck; <paramref name="environment"/> adds to or overrides them.
    /// </summary>
    public static Task<DispatcherChildProcess> StartAsync(string manifests, string natsUrl, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["K8SNOTIFY_PIPELINE__ACK_WAIT"] = "00:00:04",
            ["K8SNOTIFY_PIPELINE__IN_FLIGHT_RECHECK"] = "00:00:00.500",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            merged[name] = value;
        }

        return DispatcherChildProcess.StartAsync(manifests, natsUrl, environment: merged, cancellationToken: cancellationToken);
    }
}
