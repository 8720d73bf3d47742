using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace K8sNotify.TestSupport.Processes;

/// <summary>A server binary (nats-server, redis-server) started by a test on a loopback port and stopped by PID.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ProcessStartInfo _startInfo;
    private readonly StringBuilder _output = new();
    private readonly Action<string>? _onLine;
    private Process? _process;

    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="port">The loopback port that accepts connections once it is up.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="onLine">Gets every line it prints (for a log file), besides the bounded <see cref="Output"/>.</param>
    public ServerProcess(string fileName, IEnumerable<string> arguments, int port, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null)
    {
        _onLine = onLine;
        FileName = fileName;
        Port = port;
        _startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments)
        {
            _startInfo.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            _startInfo.Environment[name] = value;
        }
    }

    public string FileName { get; }

    public int Port { get; }

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>What the server printed so far (for failure messages).</summary>
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

    /// <summary>Finds a server binary on PATH or in the Debian locations; null when it is not installed.</summary>
    public static string? Locate(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Starts the process and waits until its port accepts connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => StartAsync(TimeSpan.FromSeconds(20), cancellationToken);

    /// <summary>Starts the process and waits up to <paramref name="timeout"/> until its port accepts connections.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var process = new Process { StartInfo = _startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {FileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"{FileName} exited with {process.ExitCode}: {Output}");
                    }

                    return await CanConnectAsync().ConfigureAwait(false);
                },
                $"{Path.GetFileName(FileName)} listening on 127.0.0.1:{Port}",
                timeout,
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Kills the process (SIGKILL) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the process gracefully (SIGTERM), killing it if it does not exit in time.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }

        try
        {
            using var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().ConfigureAwait(false);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await p.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await KillAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process?.Dispose();
    }

    private async Task<bool> CanConnectAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
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

        _onLine?.Invoke(line);

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
