using Json.Schema;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>A Template with its dataSchema built once per config version.</summary>
public sealed record CompiledTemplate(Template Template, JsonSchema? DataSchema)
{
    public string Name => Template.Metadata.Name;
}
