using K8sNotify.Api.Conventions;
using K8sNotify.Api.Providers.Smtp;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Dispatcher.Secrets;
using Microsoft.Extensions.Options;
using MimeKit;

namespace K8sNotify.Dispatcher.Providers.Smtp;

/// <summary>Builds <see cref="SmtpProvider"/>s from Providers of type smtp, resolving the credentials from their Secret keys.</summary>
public sealed class SmtpProviderFactory(IOptions<SmtpTransportOptions> transport, TimeProvider time) : IProviderFactory
{
    public ProviderType Type => SmtpProviderKind.Instance.Type;

    public INotificationProvider Create(Provider provider, ISecretResolver secrets)
    {
        var spec = SmtpProviderKind.Instance.RequiredSettingsOf(provider.Spec);
        if (string.IsNullOrWhiteSpace(spec.Host))
        {
            throw new ProviderConfigurationException("spec.smtp.host is required");
        }

        if (!MailboxAddress.TryParse(spec.From, out var from))
        {
            throw new ProviderConfigurationException($"spec.smtp.from '{spec.From}' is not an email address");
        }

        MailboxAddress? replyTo = null;
        if (!string.IsNullOrEmpty(spec.ReplyTo) && !MailboxAddress.TryParse(spec.ReplyTo, out replyTo))
        {
            throw new ProviderConfigurationException($"spec.smtp.replyTo '{spec.ReplyTo}' is not an email address");
        }

        SmtpCredentials? credentials = null;
        if (spec.UsernameSecretRef is { } userRef)
        {
            var password = spec.PasswordSecretRef is { } passwordRef ? secrets.Resolve(passwordRef) : "";
            credentials = new SmtpCredentials(secrets.Resolve(userRef), password);
        }

        if (!Durations.TryParse(provider.Spec.Timeout, out var timeout))
        {
            throw new ProviderConfigurationException($"spec.timeout '{provider.Spec.Timeout}' is not a duration");
        }

        return new SmtpProvider(provider.Metadata.Name, spec, from, replyTo, credentials, timeout, transport.Value, time);
    }
}
