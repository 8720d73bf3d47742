using System.Text;
using System.Text.RegularExpressions;
using K8sNotify.Api.V1Alpha1;
using MimeKit;

namespace K8sNotify.Dispatcher.Contract;

/// <summary>Checks a recipient's shape for the Channel type: RFC 5322 address, E.164 number, device token or webhook id.</summary>
public static partial class RecipientValidator
{
    public const int MaxLocalPartOctets = 64;
    public const int MaxDomainOctets = 255;
    public const int MaxLabelOctets = 63;
    public const int MaxPathOctets = 256;

    /// <summary>Returns why the recipient is unusable, or null when it is fine. Never echoes the recipient (it is personal data).</summary>
    public static string? Validate(ChannelType type, string recipient) => type switch
    {
        ChannelType.Email => ValidateEmail(recipient),
        ChannelType.Sms => E164().IsMatch(recipient) ? null : "recipient is not an E.164 phone number (+ and 8 to 15 digits, e.g. +4915112345678)",
        ChannelType.Push => PushToken().IsMatch(recipient) ? null : "recipient is not a push device token (20 to 4096 characters of A-Z a-z 0-9 : _ -)",
        _ => recipient.Length <= 2048 && !recipient.Any(char.IsControl) ? null : $"recipient is not a valid {type.ToString().ToLowerInvariant()} recipient id",
    };

    private static string? ValidateEmail(string recipient)
    {
        if (recipient.Any(char.IsControl))
        {
            return "recipient is not an RFC 5322 email address (control characters)";
        }

        // A single addr-spec: display names and groups would let a sender smuggle extra recipients in.
        if (!MailboxAddress.TryParse(ParserOptions.Default, recipient, out var mailbox)
            || mailbox.Address != recipient.Trim()
            || !mailbox.Address.Contains('@', StringComparison.Ordinal)
            || mailbox.Address.EndsWith('@')
            || mailbox.Address.StartsWith('@'))
        {
            return "recipient is not an RFC 5322 email address";
        }

        var domain = mailbox.Domain;
        if (string.IsNullOrEmpty(domain) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return "recipient is not an RFC 5322 email address (bad domain)";
        }

        return LengthProblem(mailbox.Address);
    }

    /// <summary>
    /// The RFC 5321 size limits (section 4.5.3.1), in octets as they go over the wire: a server may refuse anything
    /// longer, so such an address would only fail later, at the provider.
    /// </summary>
    private static string? LengthProblem(string address)
    {
        var at = address.LastIndexOf('@');
        var localOctets = Encoding.UTF8.GetByteCount(address.AsSpan(0, at));
        var domain = address[(at + 1)..];
        var domainOctets = Encoding.UTF8.GetByteCount(domain);
        if (localOctets > MaxLocalPartOctets)
        {
            return $"recipient is not a deliverable email address (the local part is {localOctets} octets; RFC 5321 allows {MaxLocalPartOctets})";
        }

        if (domainOctets > MaxDomainOctets || domain.Split('.').Any(label => Encoding.UTF8.GetByteCount(label) > MaxLabelOctets))
        {
            return $"recipient is not a deliverable email address (RFC 5321 allows a domain of {MaxDomainOctets} octets and labels of {MaxLabelOctets})";
        }

        // The path is the address in angle brackets.
        if (localOctets + 1 + domainOctets + 2 > MaxPathOctets)
        {
            return $"recipient is not a deliverable email address (RFC 5321 allows a path of {MaxPathOctets} octets, i.e. an address of {MaxPathOctets - 2})";
        }

        return null;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    // FCM registration tokens are long URL-safe strings, often with a colon separating the instance id.
    [GeneratedRegex(@"^[A-Za-z0-9_:\-]{20,4096}$", RegexOptions.CultureInvariant)]
    private static partial Regex PushToken();
}
