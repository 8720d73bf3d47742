using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Status;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Cli.Targets;

/// <summary>A NATS connection for one command, with the Channel's status bucket at hand; connection errors never print the URL's credentials.</summary>
internal sealed class NatsTarget : IAsyncDisposable
{
    private readonly NatsConnection _connection;

    private NatsTarget(NatsConnection connection, string url)
    {
        _connection = connection;
        Url = url;
        JetStream = new NatsJSContext(connection);
        KeyValue = new NatsKVContext(JetStream);
    }

    /// <summary>The URL without user information.</summary>
    public string Url { get; }

    public INatsConnection Connection => _connection;

    public INatsJSContext JetStream { get; }

    public INatsKVContext KeyValue { get; }

    public static async Task<NatsTarget> ConnectAsync(CliSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var shown = Redact(settings.NatsUrl);
        var opts = NatsOpts.Default with { Url = settings.NatsUrl, Name = "k8snotify-cli" };
        if (settings.NatsCredentials is { } credentials)
        {
            if (!File.Exists(credentials))
            {
                throw new CliException($"NATS credentials file {credentials} does not exist", ExitCodes.BadInput);
            }

            opts = opts with { AuthOpts = NatsAuthOpts.Default with { CredsFile = credentials } };
        }

        var connection = new NatsConnection(opts);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new CliException($"cannot connect to NATS at {shown}: {e.Message.Replace(settings.NatsUrl, shown, StringComparison.Ordinal)} (set --nats URL)");
        }

        return new NatsTarget(connection, shown);
    }

    /// <summary>The status records of the Channel (read-only use: no status events are queued).</summary>
    public async Task<ChannelStatusStore> StatusAsync(Channel channel, CancellationToken cancellationToken) =>
        new(await StatusBucketAsync(channel, cancellationToken).ConfigureAwait(false), _connection, channel);

    /// <summary>The Channel's status bucket, or a clear error when no dispatcher has created it yet.</summary>
    public async Task<INatsKVStore> StatusBucketAsync(Channel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var name = NatsNames.StatusBucket(channel);
        try
        {
            return await KeyValue.GetStoreAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsKVException or NatsJSApiException { Error.Code: 404 })
        {
            throw new CliException($"Channel {Describe(channel)} has no status bucket {name} on {Url}: has a dispatcher started for it?");
        }
    }

    public static string Describe(Channel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return $"{channel.Metadata.NamespaceProperty ?? "default"}/{channel.Metadata.Name}";
    }

    /// <summary>The URL without user and password (a token in the URL is a secret too).</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/')
            : url;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
