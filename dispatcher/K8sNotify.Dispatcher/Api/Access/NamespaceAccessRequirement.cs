using Microsoft.AspNetCore.Authorization;

namespace K8sNotify.Dispatcher.Api.Access;

/// <summary>The namespace named by a route value must be one of the signed-in client's namespace claims.</summary>
/// <param name="RouteParameter">The route value holding the namespace.</param>
public sealed record NamespaceAccessRequirement(string RouteParameter) : IAuthorizationRequirement;
