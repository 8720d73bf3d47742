using K8sNotify.TestSupport.Processes;

namespace K8sNotify.Dispatcher.Tests.Support;

/// <summary>One real nats-server (JetStream) shared by the tests of a class; each test uses its own Channel, so streams never collide.</summary>
public sealed class NatsFixture : IAsyncLifetime
{
    private NatsServer? _server;

    public NatsServer Server => _server ?? throw new InvalidOperationException("not started");

    public string Url => Server.Url;

    public async ValueTask InitializeAsync() => _server = await NatsServer.StartAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
