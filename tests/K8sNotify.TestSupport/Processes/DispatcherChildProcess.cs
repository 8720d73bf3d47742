using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace K8sNotify.TestSupport.Processes;

/// <summary>
/// The real dispatcher binary (<c>dotnet k8snotify-dispatcher.dll</c>) as a child process on a manifest folder, so a
/// kill is a real crash and its memory and CPU can be read from /proc by PID (benches and fault tests).
/// </summary>
public sealed partial class DispatcherChildProcess : IAsyncDisposable
{
    /// <summary>How long a start may take before /readyz answers (a loaded machine JITs slowly).</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);

    private const int MaxOutputChars = 200_000;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _events = new();
    private volatile string? _lastReadiness;

    private DispatcherChildProcess(Process process, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Port of /metrics, /healthz and /readyz.</summary>
    public int HttpPort { get; }

    /// <summary>The tail of what the dispatcher printed (for failure messages).</summary>
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

    /// <summary>
    /// The dispatcher's build output in <paramref name="configuration"/>, by default the configuration (Debug/Release)
    /// the calling assembly was built in, so a Release bench runs a Release dispatcher.
    /// </summary>
    public static string LocateDll(string? configuration = null)
    {
        configuration ??= AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = RepositoryRoot.Combine("dispatcher", "K8sNotify.Dispatcher", "bin", configuration, "net10.0", "k8snotify-dispatcher.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"dispatcher build output not found (build dispatcher/K8sNotify.Dispatcher -c {configuration})", dll);
    }

    /// <summary>Starts a dispatcher on a manifest folder and waits until /readyz answers 200.</summary>
    /// <param name="manifests">Folder of Channel, Template, Provider and Secret manifests (standalone mode).</param>
    /// <param name="natsUrl">The nats-server to use.</param>
    /// <param name="redis">Redis for rate limits (<c>--redis</c>), or null.</param>
    /// <param name="environment">Extra environment variables, e.g. <c>K8SNOTIFY_PIPELINE__ACK_WAIT</c>.</param>
    /// <param name="dll">The dispatcher to run (for example a ReadyToRun publish); null runs <see cref="LocateDll"/>.</param>
    /// <param name="cancellationToken">Stops waiting for readiness.</param>
    public static async Task<DispatcherChildProcess> StartAsync(
        string manifests,
        string natsUrl,
        string? redis = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? dll = null,
        CancellationToken cancellationToken = default)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = [dll ?? LocateDll(), "--manifests", manifests, "--nats", natsUrl, "--http-port", port.ToString(CultureInfo.InvariantCulture)];
        foreach (var arg in redis is null ? args : [.. args, "--redis", redis])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var dispatcher = new DispatcherChildProcess(process, port);
        process.OutputDataReceived += (_, e) => dispatcher.Append(e.Data);
        process.ErrorDataReceived += (_, e) => dispatcher.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(dispatcher.IsReadyAsync, "dispatcher /readyz", DefaultReadyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            var output = dispatcher.Output;
            await dispatcher.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"{e.Message} (last /readyz answer: {dispatcher._lastReadiness ?? "none"})\n{output}", e);
        }

        return dispatcher;
    }

    /// <summary>How many log entries with this EventId the process wrote so far (counted as they arrive, so a trimmed <see cref="Output"/> loses none).</summary>
    public int EventCount(int eventId) => _events.GetValueOrDefault(eventId);

    /// <summary>The dispatcher's /metrics page (Prometheus text).</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/metrics"), cancellationToken).ConfigureAwait(false);
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

    /// <summary>SIGTERM (graceful: stop fetching, finish in-flight work), then SIGKILL if it is not gone within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            using var term = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync().ConfigureAwait(false);
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await KillAsync().ConfigureAwait(false);
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
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/readyz")).ConfigureAwait(false);
            _lastReadiness = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
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

        // The console logger starts each entry with "level: Category[EventId]".
        if (EventIdPattern().Match(line) is { Success: true } match)
        {
            _events.AddOrUpdate(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        }

        lock (_output)
        {
            // Keep the tail only: a flood of bad messages logs a lot.
            if (_output.Length > MaxOutputChars)
            {
                _output.Remove(0, MaxOutputChars / 2);
            }

            _output.AppendLine(line);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\w+: [\w.`]+\[(\d+)\]")]
    private static partial System.Text.RegularExpressions.Regex EventIdPattern();
}
