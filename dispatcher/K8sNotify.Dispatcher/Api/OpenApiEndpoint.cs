using K8sNotify.Dispatcher.Http;

namespace K8sNotify.Dispatcher.Api;

/// <summary>Serves the API's OpenAPI 3.1 document (docs/openapi/v1.json, embedded at build) at /openapi/v1.json.</summary>
public sealed class OpenApiEndpoint : IEndpointModule
{
    public const string Route = "/openapi/v1.json";
    public const string ResourceName = "K8sNotify.Dispatcher.openapi.v1.json";

    public static byte[] Document()
    {
        using var stream = typeof(OpenApiEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var document = Document();
        endpoints.MapGet(Route, () => Results.Bytes(document, "application/json"));
    }
}
