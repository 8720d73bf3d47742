namespace K8sNotify.Bench.Proof;

/// <summary>Where a scenario's dispatcher delivers: the outbox provider's folder or a loopback Kestrel webhook receiver.</summary>
internal enum ProofSink
{
    Outbox,
    Webhook,
}
