using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>Where a webhook request's JSON body comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WebhookBodySource>))]
public enum WebhookBodySource
{
    /// <summary>The fixed K8sNotify envelope (id, channel, template, locale, recipient, rendered fields, data).</summary>
    [JsonStringEnumMemberName("envelope")] Envelope,

    /// <summary>The Template's rendered <c>body</c>, which must be JSON, is the whole request body.</summary>
    [JsonStringEnumMemberName("template")] Template,
}
