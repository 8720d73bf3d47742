using K8sNotify.TestSupport.Manifests;

namespace K8sNotify.Bench.Proof;

/// <summary>The proof Channel (the shared test Channel: email, the welcome Template) with one Provider delivering to the scenario's sink.</summary>
internal static class ProofManifests
{
    private const string ProviderName = "sink";

    // Limits far above the load: every message pays the limiter's Redis round trip, none waits.
    private const string FarLimits = "{perRecipient: {requests: 1000000000, period: 1s}, perChannel: {requests: 1000000000, period: 1s}}";

    /// <summary>Writes the manifest folder and returns its path.</summary>
    public static string Write(string directory, string channel, string subject, IDeliverySink sink, bool rateLimits, int concurrency) =>
        new ChannelManifests
        {
            Name = channel,
            Subject = subject,
            Concurrency = concurrency,

            // The CRD defaults, as a user's Channel would have them.
            MaxAttempts = null,
            Providers = [sink.Provider(ProviderName)],
            RateLimitsYaml = rateLimits ? FarLimits : null,
        }.WriteTo(directory);
}
