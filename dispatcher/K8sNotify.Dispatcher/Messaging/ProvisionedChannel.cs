using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>The JetStream objects a Channel's pipeline runs on.</summary>
public sealed record ProvisionedChannel(string StreamName, INatsJSConsumer Consumer, INatsKVStore StatusBucket, INatsKVStore? ProviderIndexBucket = null)
{
    /// <summary>The scheduler's lease and cursor bucket; null only for pipelines built without parking (tests of the consume loop).</summary>
    public INatsKVStore? SchedulerBucket { get; init; }
}
