using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNotify.Api.V1Alpha1;

/// <summary>
/// The kind of delivery backend a Provider configures, as written in <c>spec.type</c> (for example <c>smtp</c>).
/// It is an open set: the types a build knows are the ones its <see cref="Providers.ProviderCatalog"/> lists.
/// </summary>
[JsonConverter(typeof(ProviderTypeJsonConverter))]
public readonly record struct ProviderType
{
    private readonly string? _name;

    public ProviderType(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _name = name;
    }

    /// <summary>The type's name in the API, which is also the name of its settings block under spec.</summary>
    public string Name => _name ?? "";

    public override string ToString() => Name;

    private sealed class ProviderTypeJsonConverter : JsonConverter<ProviderType>
    {
        public override ProviderType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } name
                ? new ProviderType(name)
                : throw new JsonException("a provider type must be a non-empty string");

        public override void Write(Utf8JsonWriter writer, ProviderType value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Name);
    }
}
