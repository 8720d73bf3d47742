namespace K8sNotify.Api.Schema;

/// <summary>Sets the OpenAPI <c>format</c> of a string property (for example <c>uri</c> or <c>int-or-string</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaFormatAttribute(string format) : Attribute
{
    public string Format { get; } = format;
}
