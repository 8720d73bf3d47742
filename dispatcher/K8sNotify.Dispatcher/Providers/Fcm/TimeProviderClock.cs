using Google.Apis.Util;

namespace K8sNotify.Dispatcher.Providers.Fcm;

/// <summary>Google's clock abstraction over the injected <see cref="TimeProvider"/>, so JWT timestamps follow test time.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : IClock
{
    public DateTime Now => time.GetLocalNow().DateTime;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}
