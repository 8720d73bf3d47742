using K8sNotify.Dispatcher.Providers;

namespace K8sNotify.Dispatcher.Routing;

/// <summary>One provider tried (or skipped) while routing a notification.</summary>
public sealed record ProviderAttempt(string Provider, DeliveryResult Result, bool Skipped = false);
