namespace K8sNotify.TestSupport.Processes;

/// <summary>A real nats-server with JetStream (file storage in a temp folder) on a free loopback port.</summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private NatsServer(string binary, int port, string storeDirectory)
    {
        Port = port;
        StoreDirectory = storeDirectory;
        _process = new ServerProcess(binary, ["-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-js", "-sd", storeDirectory], port, storeDirectory);
    }

    public int Port { get; }

    public string StoreDirectory { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public int? Pid => _process.Pid;

    public string Output => _process.Output;

    /// <summary>Why nats-server cannot run here, or null when it can.</summary>
    public static string? UnavailableReason =>
        ServerProcess.Locate("nats-server") is null ? "nats-server is not installed (apt-get install -y nats-server)" : null;

    /// <summary>Starts a server; <paramref name="port"/> and <paramref name="storeDirectory"/> let a test restart it on the same port and data.</summary>
    public static async Task<NatsServer> StartAsync(int? port = null, string? storeDirectory = null, CancellationToken cancellationToken = default)
    {
        var binary = ServerProcess.Locate("nats-server") ?? throw new InvalidOperationException(UnavailableReason);
        var dir = storeDirectory ?? Directory.CreateTempSubdirectory("k8snotify-nats-").FullName;
        var server = new NatsServer(binary, port ?? FreePort.Next(), dir);
        await server._process.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>SIGKILL, as a crash would.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>SIGTERM and wait.</summary>
    public Task StopAsync() => _process.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(StoreDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A store still being written by a dying server; the temp folder is cleaned by the OS later.
        }
    }
}
