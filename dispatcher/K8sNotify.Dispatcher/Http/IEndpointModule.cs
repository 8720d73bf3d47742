
namespace K8sNotify.Dispatcher.Http;

/// <summary>
/// A group of HTTP endpoints on the dispatcher's port. Features add theirs by registering an implementation
/// (<c>services.AddSingleton&lt;IEndpointModule, MyEndpoints&gt;()</c>); the host maps every registered module.
/// </summary>
public interface IEndpointModule
{
    void Map(IEndpointRouteBuilder endpoints);
}
