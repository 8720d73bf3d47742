namespace K8sNotify.Bench.Proof;

/// <summary>The loopback end of a scenario: what the dispatcher delivers to, and when each notification arrived there.</summary>
internal interface IDeliverySink : IAsyncDisposable
{
    /// <summary>The Provider (name and manifest) that delivers here.</summary>
    (string Name, string Yaml) Provider(string name);

    /// <summary>When notification <paramref name="id"/> arrived, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp; false when it did not.</summary>
    bool TryGetDelivered(string id, out long timestamp);
}
