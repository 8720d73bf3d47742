using System.ComponentModel.DataAnnotations;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>Settings of the delivery-receipt endpoints.</summary>
public sealed class ReceiptOptions
{
    /// <summary>
    /// The public URL the dispatcher is reached at through its Service or Ingress (for example
    /// <c>https://notify.example.com</c>): Twilio signs the URL it called, not the one the pod sees. Optional: the
    /// Twilio Providers' statusCallbackUrl and the request's own URL are tried as well.
    /// </summary>
    [Url]
    [ConfigurationKeyName("PUBLIC_BASE_URL")]
    public string? PublicBaseUrl { get; set; }
}
