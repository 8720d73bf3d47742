namespace K8sNotify.Dispatcher.Providers.Smtp;

/// <summary>SMTP login resolved from Secrets; its ToString never shows the password.</summary>
public sealed record SmtpCredentials(string UserName, string Password)
{
    public override string ToString() => $"SmtpCredentials {{ UserName = {UserName}, Password = *** }}";
}
