using K8sNotify.Api.Schema;
using System.Text.Json.Nodes;
using K8sNotify.Api.Manifests;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Crds;

public sealed class InvalidManifestTests
{
    private const string SmtpProvider = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata: {name: mail}
        spec:
          type: smtp
          smtp:
            host: smtp.example.com
            from: noreply@example.com
            passwordSecretRef: {name: smtp, key: password}
        """;

    private const string TwilioProvider = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Provider
        metadata: {name: sms}
        spec:
          type: twilio
          twilio:
            from: "+15005550006"
            accountSidSecretRef: {name: twilio, key: accountSid}
            authTokenSecretRef: {name: twilio, key: authToken}
        """;

    private const string EmailChannel = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Channel
        metadata: {name: orders}
        spec:
          type: email
          subjects: [notify.orders]
          templates: [order-confirmation]
          providers: [{name: primary}, {name: backup}]
          rateLimits:
            perRecipient: {requests: 5, period: 1h, action: drop}
          dispatcher:
            replicas: {min: 1, max: 3}
            resources: {requests: {cpu: 100m, memory: 128Mi}}
          slo:
            availability: "99.9"
            latency: {threshold: 500ms, objective: "99"}
        """;

    private const string EmailTemplate = """
        apiVersion: notify.k8snotify.io/v1alpha1
        kind: Template
        metadata: {name: welcome}
        spec:
          channelType: email
          defaultLocale: en
          locales:
            en: {subject: "Hi {{ name }}", text: "Hello {{ name }}"}
            de: {subject: "Hallo {{ name }}", html: "<p>Hallo {{ name }}</p>"}
        """;

    private static readonly CrdSchemaValidator Validator = CrdSchemaValidator.FromDirectory(RepositoryRoot.Combine("crds"));

    // Each case: the base manifest, how it is broken, the field the error must name and a word the message must carry.
    private static readonly Dictionary<string, (string Base, Action<JsonObject> Break, string Field, string Says)> Cases = new()
    {
        ["provider missing type"] = (SmtpProvider, m => Remove(m, "spec.type"), "spec.type", "Required"),
        ["unknown provider type"] = (SmtpProvider, m => Set(m, "spec.type", "sendgrid"), "spec.type", "enum"),
        ["inline smtp password"] = (SmtpProvider, m => Set(m, "spec.smtp.password", "hunter2"), "spec.smtp.password", "unknown field"),
        ["smtp missing host"] = (SmtpProvider, m => Remove(m, "spec.smtp.host"), "spec.smtp.host", "Required"),
        ["bad duration"] = (SmtpProvider, m => Set(m, "spec.timeout", "ten seconds"), "spec.timeout", "pattern"),
        ["smtp port out of range"] = (SmtpProvider, m => Set(m, "spec.smtp.port", 70000), "spec.smtp.port", "maximum"),
        ["wrong tls enum"] = (SmtpProvider, m => Set(m, "spec.smtp.tls", "ssl"), "spec.smtp.tls", "enum"),
        ["secret ref without key"] = (SmtpProvider, m => Remove(m, "spec.smtp.passwordSecretRef.key"), "spec.smtp.passwordSecretRef.key", "Required"),
        ["type smtp without smtp block"] = (SmtpProvider, m => Remove(m, "spec.smtp"), "spec.smtp", "spec.smtp is required"),
        ["second provider block"] = (SmtpProvider, m => Set(m, "spec.outbox", new JsonObject { ["directory"] = "/tmp/out" }), "spec", "only the block matching spec.type"),
        ["both twilio senders"] = (TwilioProvider, m => Set(m, "spec.twilio.messagingServiceSid", "MG" + new string('a', 32)), "spec.twilio", "exactly one of twilio.from and twilio.messagingServiceSid"),
        ["no twilio sender"] = (TwilioProvider, m => Remove(m, "spec.twilio.from"), "spec.twilio", "exactly one of twilio.from and twilio.messagingServiceSid"),
        ["twilio sender not e164"] = (TwilioProvider, m => Set(m, "spec.twilio.from", "5550006"), "spec.twilio.from", "pattern"),
        ["negative replicas"] = (EmailChannel, m => Set(m, "spec.dispatcher.replicas.min", -1), "spec.dispatcher.replicas.min", "minimum"),
        ["min replicas above max"] = (EmailChannel, m => Set(m, "spec.dispatcher.replicas.min", 5), "spec.dispatcher.replicas.min", "must not exceed"),
        ["replicas not a number"] = (EmailChannel, m => Set(m, "spec.dispatcher.replicas.max", "two"), "spec.dispatcher.replicas.max", "type"),
        ["unknown channel type"] = (EmailChannel, m => Set(m, "spec.type", "fax"), "spec.type", "enum"),
        ["no subjects"] = (EmailChannel, m => Set(m, "spec.subjects", new JsonArray()), "spec.subjects", "minItems"),
        ["subject with a space"] = (EmailChannel, m => Set(m, "spec.subjects[0]", "notify orders"), "spec.subjects[0]", "pattern"),
        ["duplicate subject"] = (EmailChannel, m => Set(m, "spec.subjects", new JsonArray("a.b", "a.b")), "spec.subjects", "uniqueItems"),
        ["missing providers"] = (EmailChannel, m => Remove(m, "spec.providers"), "spec.providers", "Required"),
        ["provider twice in chain"] = (EmailChannel, m => Set(m, "spec.providers[1].name", "primary"), "spec.providers", "only once"),
        ["weighted with zero weights"] = (EmailChannel, m => { Set(m, "spec.strategy", "weighted"); Set(m, "spec.providers[0].weight", 0); Set(m, "spec.providers[1].weight", 0); }, "spec.providers", "weight > 0"),
        ["bad rate limit action"] = (EmailChannel, m => Set(m, "spec.rateLimits.perRecipient.action", "bounce"), "spec.rateLimits.perRecipient.action", "enum"),
        ["bad rate limit period"] = (EmailChannel, m => Set(m, "spec.rateLimits.perRecipient.period", "hourly"), "spec.rateLimits.perRecipient.period", "pattern"),
        ["bad memory quantity"] = (EmailChannel, m => Set(m, "spec.dispatcher.resources.requests.memory", "lots"), "spec.dispatcher.resources.requests.memory", "pattern"),
        ["availability not a percentage"] = (EmailChannel, m => Set(m, "spec.slo.availability", "99.9%"), "spec.slo.availability", "pattern"),
        ["latency threshold not a duration"] = (EmailChannel, m => Set(m, "spec.slo.latency.threshold", "fast"), "spec.slo.latency.threshold", "pattern"),
        ["empty slo"] = (EmailChannel, m => Set(m, "spec.slo", new JsonObject { ["window"] = "30d" }), "spec.slo", "availability, latency or both"),
        ["stream with zero replicas"] = (EmailChannel, m => Set(m, "spec.stream", new JsonObject { ["replicas"] = 0 }), "spec.stream.replicas", "minimum"),
        ["unknown spec field"] = (EmailChannel, m => Set(m, "spec.priority", "high"), "spec.priority", "unknown field"),
        ["default locale not in locales"] = (EmailTemplate, m => Set(m, "spec.defaultLocale", "fr"), "spec.defaultLocale", "must be one of the keys"),
        ["email locale without subject"] = (EmailTemplate, m => Remove(m, "spec.locales.de.subject"), "spec.locales", "needs subject"),
        ["sms template without text"] = (EmailTemplate, m => Set(m, "spec.channelType", "sms"), "spec.locales", "every sms locale needs text"),
        ["unknown locale field"] = (EmailTemplate, m => Set(m, "spec.locales.en.body2", "x"), "spec.locales.en.body2", "unknown field"),
        ["bad engine"] = (EmailTemplate, m => Set(m, "spec.engine", "handlebars"), "spec.engine", "enum"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_BaseManifest_IsAccepted(string name)
    {
        var manifest = Parse(Cases[name].Base);

        Assert.Empty(Validator.Validate(manifest));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_InvalidManifest_FailsNamingTheField(string name)
    {
        var (baseYaml, breakIt, field, says) = Cases[name];
        var manifest = Parse(baseYaml);
        breakIt(manifest);

        var errors = Validator.Validate(manifest);

        Assert.NotEmpty(errors);
        Assert.True(
            errors.Any(e => e.StartsWith(field + ":", StringComparison.Ordinal) && e.Contains(says, StringComparison.Ordinal)),
            $"no error names '{field}' saying '{says}'; got:\n{string.Join('\n', errors)}");
    }

    [Theory]
    [InlineData("spec.rateLimits.perRecipient.action", "bounce")]
    [InlineData("spec.dispatcher.resources.requests.memory", "lots")]
    public void Validate_OneBrokenField_ReportsOnlyThatField(string field, string value)
    {
        var manifest = Parse(EmailChannel);
        Set(manifest, field, value);

        var errors = Validator.Validate(manifest);

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith(field + ":", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Cases_Table_HasAtLeastFifteenDistinctFields()
    {
        Assert.True(Cases.Values.Select(c => c.Field).Distinct().Count() >= 15);
    }

    private static JsonObject Parse(string yaml) => YamlJson.ParseDocuments(yaml)[0].AsObject();

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Navigate(root, path);
        if (last is int index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[(string)last] = value;
        }
    }

    private static void Remove(JsonObject root, string path)
    {
        var (parent, last) = Navigate(root, path);
        Assert.True(parent.AsObject().Remove((string)last), $"{path} is not in the base manifest");
    }

    private static (JsonNode Parent, object Last) Navigate(JsonObject root, string path)
    {
        var segments = path.Replace("[", ".[", StringComparison.Ordinal).Split('.')
            .Select(s => s.StartsWith('[') ? (object)int.Parse(s[1..^1], System.Globalization.CultureInfo.InvariantCulture) : s)
            .ToList();
        JsonNode node = root;
        foreach (var segment in segments[..^1])
        {
            node = (segment is int i ? node[i] : node[(string)segment]) ?? throw new InvalidOperationException($"{path}: missing {segment}");
        }

        return (node, segments[^1]);
    }
}
