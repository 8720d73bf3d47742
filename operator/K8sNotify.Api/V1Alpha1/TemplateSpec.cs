using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The desired state of a Template: localized Liquid sources and the schema of the data they need.</summary>
[Description("Localized Liquid sources for one kind of notification, and the schema of the data they need.")]
[CelRule("self.defaultLocale in self.locales", "spec.defaultLocale must be one of the keys of spec.locales", FieldPath = ".defaultLocale")]
[CelRule("self.channelType != 'email' || self.locales.all(l, has(self.locales[l].subject) && (has(self.locales[l].text) || has(self.locales[l].html)))", "spec.locales: every email locale needs subject and text or html", FieldPath = ".locales")]
[CelRule("self.channelType != 'sms' || self.locales.all(l, has(self.locales[l].text))", "spec.locales: every sms locale needs text", FieldPath = ".locales")]
[CelRule("!has(self.category) || !(self.category in ['transactional', 'security']) || !has(self.optOut) || self.optOut == 'mandatory'", "spec.optOut: the transactional and security categories are mandatory", FieldPath = ".optOut")]
[CelRule("self.channelType != 'push' || self.locales.all(l, has(self.locales[l].title) || has(self.locales[l].body))", "spec.locales: every push locale needs title or body", FieldPath = ".locales")]
public sealed class TemplateSpec
{
    [Required]
    [JsonPropertyName("channelType")]
    [Description("The Channel type this Template renders for: email, sms, push or webhook.")]
    public ChannelType ChannelType { get; set; }

    [JsonPropertyName("engine")]
    [DefaultValue("liquid")]
    [Description("Template language; liquid is rendered with Fluid.")]
    public TemplateEngine Engine { get; set; } = TemplateEngine.Liquid;

    [Required]
    [JsonPropertyName("defaultLocale")]
    [RegularExpression(Patterns.Locale)]
    [Description("Locale used when neither the message's locale nor its language exists.")]
    public string DefaultLocale { get; set; } = "en";

    [Required]
    [JsonPropertyName("locales")]
    [MinLength(1)]
    [MaxLength(32)]
    [Description("Sources per locale, keyed by locale (en, de, pt-BR, ...).")]
    public Dictionary<string, LocalizedContent> Locales { get; set; } = [];

    [JsonPropertyName("dataSchema")]
    [PreserveUnknownFields]
    [Description("JSON Schema the message's data must satisfy; messages that fail are dead-lettered before delivery.")]
    public JsonObject? DataSchema { get; set; }

    [JsonPropertyName("category")]
    [RegularExpression(Patterns.Category)]
    [MaxLength(63)]
    [Description("Kind of notification recipients opt in or out of, for example marketing, product, transactional or security. transactional and security are always mandatory.")]
    public string? Category { get; set; }

    [JsonPropertyName("optOut")]
    [Description("allowed: recipients may opt out (the default for categories other than transactional and security); mandatory: sent regardless of opt-outs.")]
    public OptOutPolicy? OptOut { get; set; }

    [JsonPropertyName("push")]
    [Description("FCM platform options (push templates).")]
    public PushOptions? Push { get; set; }
}
