using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>The outcome of a receipt and the status record as it is afterwards (null when there is none).</summary>
public sealed record ReceiptResult(ReceiptOutcome Outcome, StatusRecord? Record);
