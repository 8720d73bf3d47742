using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace K8sNotify.Dispatcher.Messaging;

/// <summary>The JetStream objects a Channel's pipeline runs on.</summary>
public sealed record ProvisionedChannel(string StreamName, INatsJSConsumer Consumer, INatsKVStore StatusBucket, INatsKVStore? ProviderIndexBucket = null);
