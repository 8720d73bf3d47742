using K8sNotify.TestSupport.Processes;

namespace K8sNotify.Dispatcher.Tests.RateLimiting;

/// <summary>One real redis-server for a test class; tests keep apart by using their own Channel names.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("redis-server has not started");

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
