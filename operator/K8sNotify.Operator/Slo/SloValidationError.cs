namespace K8sNotify.Operator.Slo;

/// <summary>Why a Channel's <c>spec.slo</c> cannot be turned into rules: a condition reason and a message for its status.</summary>
public sealed record SloValidationError(string Reason, string Message);
