namespace K8sNotify.FaultInjection.Tests.Support;

/// <summary>One webhook Provider of the fault Channel: its name, receiver URL, timeout, in-process retries and circuit break.</summary>
public sealed record WebhookEndpoint(string Name, string Url, string Timeout = "5s", int MaxRetries = 1, string RetryBackoff = "50ms", string BreakDuration = "1s");
