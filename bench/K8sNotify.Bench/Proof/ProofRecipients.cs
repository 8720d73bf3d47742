using K8sNotify.Api.Contract;
using K8sNotify.Dispatcher.Recipients;
using K8sNotify.Dispatcher.Recipients.Preferences;
using K8sNotify.Dispatcher.Recipients.Suppression;
using NATS.Client.Core;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Bench.Proof;

/// <summary>
/// Recipient data for the <c>webhook+recipients</c> scenario, stored before the dispatcher starts: preferences for half of
/// the bench's 1,000 recipients (a locale and an opt-out of a category the welcome Template is not in, so every message is
/// still sent and every lookup finds or misses a real entry) and a suppression list of other addresses.
/// </summary>
internal static class ProofRecipients
{
    public const int Recipients = 1_000;
    public const int SuppressedOthers = 1_000;

    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    public static async Task SeedAsync(string natsUrl, string @namespace, string channel, CancellationToken cancellationToken)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = natsUrl });
        var kv = new NatsKVContext(new NATS.Client.JetStream.NatsJSContext(connection));
        var preferences = await kv.CreateOrUpdateStoreAsync(RecipientJetStream.PreferencesBucket(1), cancellationToken).ConfigureAwait(false);
        var suppressions = await kv.CreateOrUpdateStoreAsync(RecipientJetStream.SuppressionsBucket(1), cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var writes = new List<Task>();
        for (var i = 0; i < Recipients; i += 2)
        {
            var recipient = $"user-{i}@example.com";
            var stored = new RecipientPreferences { Locale = "en", OptOut = new OptOutSet { Categories = ["marketing"] }, UpdatedAt = now };
            writes.Add(preferences.PutAsync(RecipientKeys.Preferences(@namespace, recipient), RecipientJson.Serialize(stored), Raw, cancellationToken: cancellationToken).AsTask());
        }

        for (var i = 0; i < SuppressedOthers; i++)
        {
            var recipient = $"gone-{i}@example.com";
            var entry = new SuppressionEntry { Recipient = recipient, Reason = "550 5.1.1 user unknown", Source = "api", CreatedAt = now, ExpiresAt = now.AddDays(365) };
            writes.Add(suppressions.PutAsync(RecipientKeys.Suppression(@namespace, channel, recipient), RecipientJson.Serialize(entry), Raw, cancellationToken: cancellationToken).AsTask());
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
    }
}
