namespace K8sNotify.Dispatcher.Recipients;

/// <summary>Values of a suppressed notification's <c>suppression</c> field and of the suppression metric's reason label.</summary>
public static class SuppressionReasons
{
    /// <summary>The recipient opted out of the Channel's type (email, sms, ...), by the API, one-click or SMS STOP.</summary>
    public const string OptedOut = "opted_out";

    /// <summary>The address is on the Channel's suppression list (hard bounce, dead number or token).</summary>
    public const string SuppressedAddress = "suppressed_address";

    /// <summary>The recipient opted out of the Template's category.</summary>
    public const string Category = "category";

    public static readonly IReadOnlyList<string> All = [OptedOut, SuppressedAddress, Category];
}
