using System.Diagnostics;
using System.Globalization;

namespace K8sNotify.TestSupport.Processes;

/// <summary>
/// The real operator binary (<c>dotnet k8snotify-operator.dll run</c>) as a child process that reaches the API server
/// through a kubeconfig file, so a kill -9 is a real crash and leader election runs between real processes.
/// </summary>
public sealed class OperatorChildProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 400;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private OperatorChildProcess(Process process, string identity, Uri endpoint)
    {
        _process = process;
        Identity = identity;
        Endpoint = endpoint;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The identity this operator writes into the Lease.</summary>
    public string Identity { get; }

    /// <summary>Where it serves /healthz, /readyz and /metrics.</summary>
    public Uri Endpoint { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The operator's last lines of output.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The operator's Release (or the caller's configuration) build output.</summary>
    public static string LocateDll(string? configuration = null)
    {
        configuration ??= AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = RepositoryRoot.Combine("operator", "K8sNotify.Operator", "bin", configuration, "net10.0", "k8snotify-operator.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"operator build output not found (build operator/K8sNotify.Operator -c {configuration})", dll);
    }

    /// <summary>Starts <c>k8snotify-operator run</c> with <paramref name="kubeconfig"/> and configuration <paramref name="settings"/> (<c>Section:Key</c> → value).</summary>
    public static OperatorChildProcess Start(string kubeconfig, string identity, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(kubeconfig)!,
        };
        start.ArgumentList.Add(LocateDll());
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add("--Operator:Identity");
        start.ArgumentList.Add(identity);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add("--" + key);
            start.ArgumentList.Add(value);
        }

        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        return new OperatorChildProcess(process, identity, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
    }

    /// <summary>Waits for /readyz (informer caches synced).</summary>
    public Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Poll.UntilAsync(
            async () =>
            {
                ThrowIfExited();
                try
                {
                    using var response = await Http.GetAsync(new Uri(Endpoint, "/readyz"), cancellationToken).ConfigureAwait(false);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            $"operator {Identity} /readyz",
            timeout,
            cancellationToken);

    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"the operator {Identity} exited with {_process.ExitCode}:\n{Output}");
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, the Lease is not released.</summary>
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

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }
}
