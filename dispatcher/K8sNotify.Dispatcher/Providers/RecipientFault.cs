namespace K8sNotify.Dispatcher.Providers;

/// <summary>What a permanent failure says about the recipient itself, beyond this one notification.</summary>
public enum RecipientFault
{
    /// <summary>Nothing: the failure was about this message (content, size) or unknown.</summary>
    None,

    /// <summary>The address, number or device token is dead (hard bounce, not a mobile number, unregistered token).</summary>
    Gone,

    /// <summary>The recipient told the provider to stop sending (Twilio 21610: replied STOP).</summary>
    OptedOut,
}
