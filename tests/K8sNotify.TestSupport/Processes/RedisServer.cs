namespace K8sNotify.TestSupport.Processes;

/// <summary>A real redis-server (no persistence) on a free loopback port.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private RedisServer(string binary, int port, string directory)
    {
        Port = port;
        Directory = directory;
        _process = new ServerProcess(
            binary,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory],
            port,
            directory);
    }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public int? Pid => _process.Pid;

    /// <summary>Why redis-server cannot run here, or null when it can.</summary>
    public static string? UnavailableReason =>
        ServerProcess.Locate("redis-server") is null ? "redis-server is not installed (apt-get install -y redis-server)" : null;

    public static async Task<RedisServer> StartAsync(int? port = null, CancellationToken cancellationToken = default)
    {
        var binary = ServerProcess.Locate("redis-server") ?? throw new InvalidOperationException(UnavailableReason);
        var dir = System.IO.Directory.CreateTempSubdirectory("k8snotify-redis-").FullName;
        var server = new RedisServer(binary, port ?? FreePort.Next(), dir);
        await server._process.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    public Task KillAsync() => _process.KillAsync();

    public Task StopAsync() => _process.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
