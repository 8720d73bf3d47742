using System.Text.Json.Nodes;
using K8sNotify.Api.Schema;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>A resource type the fake API server serves: where it lives in the URL space and how it behaves.</summary>
/// <param name="Group">API group, empty for the core group.</param>
/// <param name="Version">API version.</param>
/// <param name="Plural">URL name, for example <c>deployments</c>.</param>
/// <param name="Kind">Kind, for example <c>Deployment</c>.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="HasStatus">Whether a <c>/status</c> subresource exists (then the main resource ignores status writes).</param>
public sealed record FakeResource(string Group, string Version, string Plural, string Kind, bool Namespaced = true, bool HasStatus = true)
{
    /// <summary><c>group/version</c>, or <c>version</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The singular name kubectl accepts (lower-case kind by default).</summary>
    public string Singular { get; init; } = Kind.ToLowerInvariant();

    /// <summary>Short names kubectl resolves, for example <c>deploy</c>.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Categories such as <c>all</c>, so <c>kubectl get CATEGORY</c> lists this resource.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The <c>/scale</c> subresource, when the resource has one.</summary>
    public ScaleSubresource? Scale { get; init; }

    /// <summary>Columns of Table output after Name (a CRD's additionalPrinterColumns); null prints Name and Age.</summary>
    public IReadOnlyList<PrinterColumn>? PrinterColumns { get; init; }

    /// <summary>The openAPIV3Schema of a custom resource, published through OpenAPI v3.</summary>
    public JsonObject? OpenApiSchema { get; init; }

    /// <summary>Validates and defaults custom resources of this type as the API server does; null accepts anything.</summary>
    public CrdSchemaValidator? Validator { get; init; }

    /// <summary>The name of the CustomResourceDefinition that defines this resource, null for built-in types.</summary>
    public string? DefinedBy { get; init; }
}
