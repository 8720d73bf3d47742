using System.Diagnostics;
using System.Globalization;
using System.Text;
using K8sNotify.TestSupport;

namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>The real dispatcher binary as a child process (<c>dotnet k8snotify-dispatcher.dll</c>), so a kill -9 is a real crash.</summary>
public sealed partial class DispatcherProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly int _httpPort;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _events = new();

    private DispatcherProcess(Process process, int httpPort)
    {
        _process = process;
        _httpPort = httpPort;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>How many log lines with this EventId the process wrote so far (counted as they arrive, so a trimmed <see cref="Output"/> loses none).</summary>
    public int EventCount(int eventId) => _events.GetValueOrDefault(eventId);

    /// <summary>The dispatcher's build output in the same configuration (Debug/Release) as this test assembly.</summary>
    public static string LocateDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Path, "dispatcher", "K8sNotify.Dispatcher", "bin", configuration, "net10.0", "k8snotify-dispatcher.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"dispatcher build output not found (build dispatcher/K8sNotify.Dispatcher -c {configuration})", dll);
    }

    /// <summary>Starts a dispatcher on a manifest folder and waits until /readyz answers 200.</summary>
    public static Task<DispatcherProcess> StartAsync(string manifests, string natsUrl, CancellationToken cancellationToken) =>
        StartAsync(manifests, natsUrl, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Starts a dispatcher with extra environment (K8SNOTIFY_REDIS, pipeline tuning) and waits until /readyz answers 200.</summary>
    public static async Task<DispatcherProcess> StartAsync(string manifests, string natsUrl, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { LocateDll(), "--manifests", manifests, "--nats", natsUrl, "--http-port", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        // A short ack wait so a killed dispatcher's in-flight messages come back within seconds, not the production 30 s.
        info.Environment["K8SNOTIFY_PIPELINE__ACK_WAIT"] = "00:00:04";
        info.Environment["K8SNOTIFY_PIPELINE__IN_FLIGHT_RECHECK"] = "00:00:00.500";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var dispatcher = new DispatcherProcess(process, port);
        process.OutputDataReceived += (_, e) => dispatcher.Append(e.Data);
        process.ErrorDataReceived += (_, e) => dispatcher.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(dispatcher.IsReadyAsync, "dispatcher /readyz", TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            var output = dispatcher.Output;
            await dispatcher.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException(e.Message + "\n" + output, e);
        }

        return dispatcher;
    }

    /// <summary>The dispatcher's /metrics page (Prometheus text).</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{_httpPort}/metrics"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGKILL: no graceful drain, no final acks.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"dispatcher exited with {_process.ExitCode}:\n{Output}");
        }

        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{_httpPort}/readyz")).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        // The console logger writes "level: Category[EventId]" on the first line of each entry.
        if (EventIdPattern().Match(line) is { Success: true } match)
        {
            _events.AddOrUpdate(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        }

        lock (_output)
        {
            // Keep the tail only: a flood of bad messages logs a lot.
            if (_output.Length > 200_000)
            {
                _output.Remove(0, 100_000);
            }

            _output.AppendLine(line);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\w+: [\w.]+\[(\d+)\]")]
    private static partial System.Text.RegularExpressions.Regex EventIdPattern();
}
