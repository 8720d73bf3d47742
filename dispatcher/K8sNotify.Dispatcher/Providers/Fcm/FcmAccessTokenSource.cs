using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;

namespace K8sNotify.Dispatcher.Providers.Fcm;

/// <summary>
/// OAuth2 access tokens for FCM from a service-account key (the JWT-bearer grant, signed by Google.Apis.Auth), cached
/// until <see cref="RefreshMargin"/> before they expire, refreshed by one caller at a time.
/// </summary>
internal sealed class FcmAccessTokenSource : IDisposable
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    /// <summary>How long before expiry a token is replaced, so a request never leaves with a token about to lapse.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    private readonly ServiceAccountCredential _credential;
    private readonly TimeProvider _time;
    private readonly string _provider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    public FcmAccessTokenSource(FcmServiceAccount account, string tokenUrl, TimeProvider time, string provider, ILogger logger)
    {
        _time = time;
        _provider = provider;
        _logger = logger;
        var initializer = new ServiceAccountCredential.Initializer(account.ClientEmail, tokenUrl)
        {
            Scopes = [Scope],
            KeyId = account.PrivateKeyId,
            Clock = new TimeProviderClock(time),
            // The resilience pipeline owns retries and their (fake-able) clock; the library must not sleep on its own.
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
        };
        try
        {
            _credential = new ServiceAccountCredential(initializer.FromPrivateKey(account.PrivateKey));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException or InvalidOperationException)
        {
            throw new ProviderConfigurationException($"spec.fcm.serviceAccountSecretRef has an unusable private_key ({e.GetType().Name})");
        }
    }

    /// <summary>How many tokens were requested from the token endpoint (diagnostics and tests).</summary>
    public int Requests { get; private set; }

    /// <summary>Returns a valid token, or the failure that prevented getting one (never an exception, except cancellation).</summary>
    public async ValueTask<(string? Token, DeliveryResult? Failure)> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && _time.GetUtcNow() < cached.RefreshAt)
        {
            return (cached.Token, null);
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } fresh && _time.GetUtcNow() < fresh.RefreshAt)
            {
                return (fresh.Token, null);
            }

            var requestedAt = _time.GetUtcNow();
            Requests++;
            await _credential.RequestAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            var token = _credential.Token;
            if (token?.AccessToken is not { Length: > 0 } accessToken)
            {
                return (null, DeliveryResult.Transient("FCM token endpoint returned no access token"));
            }

            var lifetime = token.ExpiresInSeconds is long s && s > 0 ? TimeSpan.FromSeconds(s) : DefaultLifetime;
            var margin = lifetime > RefreshMargin * 2 ? RefreshMargin : lifetime / 2;
            _cached = new CachedToken(accessToken, requestedAt + lifetime - margin);
            Log.FcmAccessTokenRefreshed(_logger, _provider, lifetime);
            return (accessToken, null);
        }
        catch (TokenResponseException e)
        {
            var error = e.Error?.Error ?? "unknown";
            Log.FcmAccessTokenFailed(_logger, _provider, error);
            var status = (int?)e.StatusCode ?? 0;
            return status is 0 or 408 or 429 or >= 500
                ? (null, DeliveryResult.Transient($"FCM access token request failed ({error}, HTTP {status})"))
                : (null, DeliveryResult.Misconfigured($"FCM access token request rejected ({error}, HTTP {status}); check the service account"));
        }
        catch (HttpRequestException e)
        {
            Log.FcmAccessTokenFailed(_logger, _provider, e.HttpRequestError.ToString());
            return (null, DeliveryResult.Transient($"FCM token endpoint unreachable ({e.HttpRequestError})"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever the token library throws becomes a classified result, never a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.FcmAccessTokenFailed(_logger, _provider, e.GetType().Name);
            return (null, DeliveryResult.Transient($"FCM access token request failed ({e.GetType().Name})"));
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> from the cache after FCM rejected it (401), so the next call gets a new one.</summary>
    public void Invalidate(string token)
    {
        if (_cached is { } cached && cached.Token == token)
        {
            _cached = null;
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt)
    {
        // Records print their members; a token must never reach a log through ToString.
        public override string ToString() => $"access token valid until {RefreshAt:O}";
    }
}
