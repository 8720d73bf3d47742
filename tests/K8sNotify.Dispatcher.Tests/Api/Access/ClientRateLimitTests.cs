using System.Threading.RateLimiting;
using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Api.Access;
using Microsoft.AspNetCore.Http;

namespace K8sNotify.Dispatcher.Tests.Api.Access;

public sealed class ClientRateLimitTests
{
    [Fact]
    public void Partition_SignedInClient_BucketOfTheConfiguredBurstKeyedByClient()
    {
        var context = SignedIn(new ApiOptions { Burst = 3, RequestsPerSecond = 1 });

        var partition = ClientRateLimit.Partition(context);
        using var limiter = partition.Factory(partition.PartitionKey);

        Assert.Equal(AccessContexts.Shop.Key, partition.PartitionKey);
        var leases = Enumerable.Range(0, 4).Select(_ => limiter.AttemptAcquire()).ToList();
        Assert.Equal([true, true, true, false], leases.Select(l => l.IsAcquired));
        Assert.True(leases[3].TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);
        leases.ForEach(l => l.Dispose());
    }

    [Fact]
    public void Partition_ClientsWithOtherNamespaces_GetTheirOwnBuckets()
    {
        var narrow = AccessContexts.Request();
        narrow.User = new ApiClient("shop", new HashSet<string>(StringComparer.Ordinal) { "default" }).ToPrincipal(ApiTokenAuthenticationHandler.SchemeName);

        Assert.NotEqual(ClientRateLimit.Partition(SignedIn(new ApiOptions())).PartitionKey, ClientRateLimit.Partition(narrow).PartitionKey);
    }

    [Fact]
    public void Partition_AnonymousRequest_IsNotLimited()
    {
        var partition = ClientRateLimit.Partition(AccessContexts.Request());
        using var limiter = partition.Factory(partition.PartitionKey);

        Assert.All(Enumerable.Range(0, 1000), _ =>
        {
            using var lease = limiter.AttemptAcquire();
            Assert.True(lease.IsAcquired);
        });
    }

    [Fact]
    public async Task RejectAsync_LeaseWithRetryAfter_Answers429ProblemWithWholeSecondsToWait()
    {
        var context = SignedIn(new ApiOptions { Burst = 1, RequestsPerSecond = 1 });
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var partition = ClientRateLimit.Partition(context);
        using var limiter = partition.Factory(partition.PartitionKey);
        using var first = limiter.AttemptAcquire();
        using var refused = limiter.AttemptAcquire();

        await ClientRateLimit.RejectAsync(context, refused);

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.True(int.Parse(context.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("client shop exceeded its rate limit", AccessContexts.ResponseText(context), StringComparison.Ordinal);
    }

    private static DefaultHttpContext SignedIn(ApiOptions options)
    {
        var context = AccessContexts.Request(options: options);
        context.User = AccessContexts.Shop.ToPrincipal(ApiTokenAuthenticationHandler.SchemeName);
        return context;
    }
}
