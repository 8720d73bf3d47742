using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>The template language of a Template.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TemplateEngine>))]
public enum TemplateEngine
{
    /// <summary>Liquid, rendered with Fluid.</summary>
    [JsonStringEnumMemberName("liquid")] Liquid,
}
