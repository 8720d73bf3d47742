namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>One scope of a rate limit decision: its key, its limit and how many units the message takes.</summary>
internal readonly record struct GcraRequest(string Key, GcraLimit Limit, int Cost = 1);
