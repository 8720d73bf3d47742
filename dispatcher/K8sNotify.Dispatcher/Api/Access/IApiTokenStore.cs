namespace K8sNotify.Dispatcher.Api.Access;

/// <summary>Where the bearer scheme looks tokens up: the client a token belongs to and the namespaces it is valid for.</summary>
public interface IApiTokenStore
{
    /// <summary>The client of <paramref name="token"/>, or null when it matches no token.</summary>
    ApiClient? FindClient(string token);
}
