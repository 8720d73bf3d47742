using System.Text;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.Dispatcher.Providers;
using K8sNotify.Dispatcher.Routing;
using K8sNotify.Dispatcher.Secrets;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace K8sNotify.Dispatcher.Tests.Providers;

/// <summary>
/// Everything a provider could leak a secret through, collected in one place: every log entry at every level, the
/// /metrics text of the provider metrics, the reasons of every routing result (what status records, dead-letter
/// headers and the API show) and the full text of every exception.
/// </summary>
internal sealed class SecretWitness : IDisposable
{
    private const int FragmentLength = 12;

    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly List<string> _texts = [];
    private readonly List<IDisposable> _owned = [];

    public SecretWitness()
    {
        _loggers = _logs.CreateFactory();
        ProviderMetrics = new ProviderMetrics(_registry);
    }

    public ProviderMetrics ProviderMetrics { get; }

    public ILoggerFactory Loggers => _loggers;

    /// <summary>Builds a one-provider failover chain the way the dispatcher does (factory → resilient wrapper → router).</summary>
    public ProviderChainRouter Router(IProviderFactory factory, Provider resource, ISecretResolver secrets, TimeProvider time)
    {
        var routers = new DeliveryRouterFactory(new ProviderRegistry([factory]), ProviderMetrics, time, _loggers);
        var channel = new Channel
        {
            Metadata = new() { Name = "hygiene", NamespaceProperty = "shop" },
            Spec = new ChannelSpec { Providers = [new ChannelProviderReference { Name = resource.Metadata.Name }] },
        };
        var router = routers.Create(channel, [resource], secrets);
        foreach (var link in router.Links)
        {
            _owned.Add(link.Sender);
        }

        return router;
    }

    /// <summary>Builds the chain and expects the configuration to be refused; records the exception's full text.</summary>
    public void ExpectConfigurationError(IProviderFactory factory, Provider resource, ISecretResolver secrets)
    {
        var e = Assert.Throws<ProviderConfigurationException>(() => Router(factory, resource, secrets, TimeProvider.System));
        _texts.Add("exception: " + e);
    }

    /// <summary>Delivers and records the result's reasons (final and per attempt).</summary>
    public async Task<RoutingResult> DeliverAsync(ProviderChainRouter router, RenderedNotification notification, CancellationToken cancellationToken)
    {
        var result = await router.DeliverAsync(notification, cancellationToken);
        Record(result);
        return result;
    }

    public void Record(RoutingResult result)
    {
        _texts.Add($"final: {result.Final.Status} {result.Final.Reason} {result.Final.ProviderMessageId}");
        foreach (var attempt in result.Attempts)
        {
            _texts.Add($"attempt {attempt.Provider}: {attempt.Result.Status} {attempt.Result.Reason}");
        }
    }

    /// <summary>Fails naming the channel and the fragment when any secret, or any 12-character piece of one, shows up anywhere.</summary>
    public async Task AssertNoSecretAsync(IReadOnlyDictionary<string, string> secrets)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        var channels = new Dictionary<string, string>
        {
            ["logs"] = _logs.AllText,
            ["metrics"] = Encoding.UTF8.GetString(stream.ToArray()),
            ["reasons and exceptions"] = string.Join('\n', _texts),
        };

        // A test that can fail: the witness must have seen real traffic, not empty channels.
        Assert.NotEmpty(_logs.Entries);
        Assert.Contains("k8snotify_provider_requests_total", channels["metrics"], StringComparison.Ordinal);

        var leaks = new List<string>();
        foreach (var (secretName, value) in secrets)
        {
            foreach (var fragment in Fragments(value))
            {
                foreach (var (channel, text) in channels)
                {
                    var at = text.IndexOf(fragment, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        leaks.Add($"{secretName} ('{fragment}') in {channel}: …{text.Substring(Math.Max(0, at - 80), Math.Min(160 + fragment.Length, text.Length - Math.Max(0, at - 80)))}…");
                    }
                }
            }
        }

        Assert.True(leaks.Count == 0, "secrets leaked:\n" + string.Join('\n', leaks.Distinct().Take(20)));
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _loggers.Dispose();
        _logs.Dispose();
    }

    /// <summary>The value itself and every 12-character window of it (per line, so a PEM body is covered line by line).</summary>
    internal static IEnumerable<string> Fragments(string value)
    {
        yield return value;
        foreach (var line in value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("-----", StringComparison.Ordinal))
            {
                continue; // PEM armour ("-----BEGIN PRIVATE KEY-----") is public text
            }

            for (var i = 0; i + FragmentLength <= line.Length; i++)
            {
                yield return line.Substring(i, FragmentLength);
            }
        }
    }
}
