using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Api.Access;

/// <summary>
/// The per-client rate limit of the HTTP API on ASP.NET Core's rate limiter: a token bucket per signed-in client
/// (API_BURST tokens, API_REQUESTS_PER_SECOND added each second), so one busy client cannot starve the others.
/// Requests without a client are not limited here; authorization answers them with 401. A refusal is a 429 problem
/// with Retry-After.
/// </summary>
public static class ClientRateLimit
{
    /// <summary>The name of the rate limiter policy the API's endpoints require.</summary>
    public const string PolicyName = "api-client-rate";

    private const string Unlimited = "";

    private static readonly TimeSpan ReplenishmentPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Adds the policy and the 429 answer to the rate limiter options.</summary>
    public static void Configure(RateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease);
        options.AddPolicy(PolicyName, Partition);
    }

    /// <summary>The bucket of the request's client: one per client and namespace set, none for anonymous requests.</summary>
    public static RateLimitPartition<string> Partition(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ApiClient.FromPrincipal(context.User) is not { } client)
        {
            return RateLimitPartition.GetNoLimiter(Unlimited);
        }

        var limits = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        return RateLimitPartition.GetTokenBucketLimiter(client.Key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst,
            TokensPerPeriod = limits.RequestsPerSecond,
            ReplenishmentPeriod = ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>Writes the 429 problem with Retry-After in whole seconds (at least one).</summary>
    public static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lease);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : ReplenishmentPeriod;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var client = ApiClient.FromPrincipal(context.User)?.Name ?? "the client";
        await Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", $"client {client} exceeded its rate limit")
            .ExecuteAsync(context).ConfigureAwait(false);
    }
}
