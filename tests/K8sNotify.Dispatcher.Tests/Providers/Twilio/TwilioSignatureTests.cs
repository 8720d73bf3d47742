using K8sNotify.Dispatcher.Providers.Twilio;

namespace K8sNotify.Dispatcher.Tests.Providers.Twilio;

public sealed class TwilioSignatureTests
{
    // Twilio's published request-validation example: Auth Token 12345, this URL and these POST parameters.
    private const string AuthToken = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string DocumentedSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static readonly KeyValuePair<string, string>[] Parameters =
    [
        new("To", "+18005551212"),
        new("CallSid", "CA1234567890ABCDE"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("Caller", "+14158675309"),
    ];

    [Fact]
    public void Compute_DocumentedExample_MatchesTwilioSignature()
    {
        Assert.Equal(DocumentedSignature, TwilioSignature.Compute(AuthToken, Url, Parameters));
    }

    [Fact]
    public void Compute_RepeatedParameter_CountsDistinctValuesSorted()
    {
        KeyValuePair<string, string>[] repeated = [new("Sid", "CA123"), new("SidAccount", "AC123"), new("Digits", "5678"), new("Digits", "1234"), new("Digits", "1234")];

        Assert.Equal("IK+Dwps556ElfBT0I3Rgjkr1wJU=", TwilioSignature.Compute(AuthToken, Url, repeated));
    }

    [Fact]
    public void Verify_DocumentedExample_Accepts()
    {
        Assert.True(TwilioSignature.Verify(AuthToken, Url, Parameters, DocumentedSignature));
    }

    [Theory]
    [InlineData("other-token", Url, "1234")]
    [InlineData(AuthToken, Url + "&extra=1", "1234")]
    [InlineData(AuthToken, Url, "9999")]
    public void Verify_AnyInputChanged_Rejects(string token, string url, string digits)
    {
        var parameters = Parameters.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", digits) : p).ToList();

        Assert.False(TwilioSignature.Verify(token, url, parameters, DocumentedSignature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all")]
    public void Verify_MissingOrMalformedSignature_Rejects(string? signature)
    {
        Assert.False(TwilioSignature.Verify(AuthToken, Url, Parameters, signature));
    }
}
