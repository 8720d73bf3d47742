using System.Text.Json.Serialization;
using k8s;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Builders;

/// <summary>
/// The operator-wide defaults of every dispatcher's pod settings and NetworkPolicy, read from YAML or JSON (a file,
/// or the text the chart renders from its values): <c>podTemplate</c> and <c>networkPolicy</c>, in the shape of a Channel's
/// <c>spec.dispatcher</c> fields of the same names.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class DispatcherDefaults
{
    [JsonPropertyName("podTemplate")]
    public DispatcherPodTemplate? PodTemplate { get; set; }

    [JsonPropertyName("networkPolicy")]
    public DispatcherNetworkPolicySpec? NetworkPolicy { get; set; }

    /// <summary>Reads and checks the file; the message of the exception says what is wrong and where.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read, is not YAML of this shape, or sets invalid values.</exception>
    public static DispatcherDefaults Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"dispatcher defaults {path}: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and checks YAML or JSON text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The text is not YAML of this shape, or sets invalid values.</exception>
    public static DispatcherDefaults Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        DispatcherDefaults? defaults;
        try
        {
            var documents = YamlJson.ParseDocuments(text);
            defaults = documents.Count switch
            {
                0 => new DispatcherDefaults(),
                1 => KubernetesJson.Deserialize<DispatcherDefaults>(documents[0].ToJsonString()),
                _ => throw new FormatException("expected one YAML document"),
            };
        }
        catch (Exception e) when (e is ManifestException or YamlDotNet.Core.YamlException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"dispatcher defaults {source}: {e.Message}", e);
        }

        defaults ??= new DispatcherDefaults();
        var problems = PodTemplateValidator.Validate(defaults.PodTemplate, "podTemplate");
        return problems.Count == 0 ? defaults : throw new InvalidDataException($"dispatcher defaults {source}: {string.Join("; ", problems)}");
    }
}
