using K8sNotify.Api.Providers.Smtp;
using K8sNotify.Api.Providers.Webhook;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Tests.Validation;

public sealed class ProviderValidatorTests
{
    private static readonly Provider Smtp = new()
    {
        Metadata = new() { Name = "mail" },
        Spec = SmtpProviderKind.Instance.NewSpec(new SmtpProviderSpec { Host = "smtp.example.com", From = "a@example.com", PasswordSecretRef = new() { Name = "smtp", Key = "password" } }),
    };

    [Fact]
    public void Validate_SecretAndKeyExist_NoProblems()
    {
        Assert.Empty(ProviderValidator.Validate(Smtp, n => n == "smtp" ? TestManifests.Secret("smtp", "password") : null));
    }

    [Fact]
    public void Validate_SecretMissing_SecretNotFound()
    {
        Assert.Equal([ReferenceProblem.SecretNotFound], ProviderValidator.Validate(Smtp, _ => null).Select(p => p.Reason));
    }

    [Fact]
    public void Validate_KeyMissing_SecretKeyNotFound()
    {
        Assert.Equal([ReferenceProblem.SecretKeyNotFound], ProviderValidator.Validate(Smtp, _ => TestManifests.Secret("smtp", "user")).Select(p => p.Reason));
    }

    [Fact]
    public void Validate_TypeBlockMissing_InvalidSpec()
    {
        var provider = new Provider { Metadata = new() { Name = "hook" }, Spec = new ProviderSpec { Type = WebhookProviderKind.Instance.Type } };

        Assert.Equal([ReferenceProblem.InvalidSpec], ProviderValidator.Validate(provider, _ => null).Select(p => p.Reason));
    }
}
