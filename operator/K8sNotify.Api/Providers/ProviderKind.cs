using System.Text.Json;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers;

/// <summary>
/// Everything the operator needs to know about one provider type: its name, the CLR type of its settings block
/// (from which the CRD schema is generated), the checks the schema cannot express and the Secret keys it references.
/// The dispatcher adds the factory, error mapping and receipts in its own Providers/&lt;Type&gt;/ folder.
/// </summary>
public abstract class ProviderKind
{
    /// <summary>The value of spec.type, which is also the name of the settings block under spec.</summary>
    public abstract ProviderType Type { get; }

    /// <summary>The CLR type the settings block deserializes to.</summary>
    public abstract Type SettingsType { get; }

    /// <summary>One sentence for the CRD's description of the settings block.</summary>
    public abstract string Description { get; }

    /// <summary>The problems of the spec's settings block that the CRD schema cannot catch; empty when it is usable.</summary>
    public abstract IReadOnlyList<string> Validate(ProviderSpec spec);

    /// <summary>The Secret keys the spec's settings block references (credentials the operator must mount).</summary>
    public abstract IEnumerable<SecretKeyReference> SecretReferences(ProviderSpec spec);

    /// <summary>Whether the spec carries this type's settings block.</summary>
    public bool HasSettings(ProviderSpec spec) => spec.Blocks.ContainsKey(Type.Name);

    /// <summary>The JSON options settings blocks are read and written with (the API types name every property).</summary>
    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
