namespace K8sNotify.TestSupport.Smtp;

/// <summary>How an <see cref="SmtpSink"/> listens: TLS mode, required login, and a scripted rejection.</summary>
public sealed record SmtpSinkOptions
{
    /// <summary>none (plain), starttls (upgrade offered) or implicit (TLS from the first byte).</summary>
    public string Tls { get; init; } = "none";

    /// <summary>When set, clients must log in with exactly these credentials.</summary>
    public (string User, string Password)? RequiredLogin { get; init; }

    /// <summary>When set, every message is refused with this SMTP reply code (e.g. 550 permanent, 451 transient).</summary>
    public int? RejectWithCode { get; init; }

    /// <summary>Mail to these addresses is refused with <c>550 5.1.1</c> (user unknown), as a hard bounce.</summary>
    public IReadOnlySet<string> UnknownUsers { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
