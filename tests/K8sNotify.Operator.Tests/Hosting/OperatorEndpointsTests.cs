using System.Net;
using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Hosting;
using K8sNotify.Operator.Runtime;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace K8sNotify.Operator.Tests.Hosting;

public sealed class OperatorEndpointsTests
{
    [Fact]
    public async Task MapOperatorEndpoints_ReadyOnlyAfterCachesSync_LiveThroughout_MetricsExported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FakeKubernetesApiServer.StartAsync(ct);
        server.Put(new Channel { Metadata = new V1ObjectMeta { Name = "orders", NamespaceProperty = "team-a" } });
        server.FailNext(int.MaxValue, r => r.Verb == "list" && r.Resource == ApiGroup.ChannelPlural);
        var time = new FakeTimeProvider();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Operator:LeaderElectionEnabled"] = "false";
        builder.Configuration["Operator:LeaseNamespace"] = "k8snotify-system";
        builder.Services.AddSingleton(server.CreateClient());
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddOperatorRuntime(builder.Configuration);
        builder.Services.AddController<Channel, NoopReconciler>();
        await using var app = builder.Build();
        app.MapOperatorEndpoints();
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        await Poll.UntilAsync(() => server.RequestCount("list", ApiGroup.ChannelPlural) >= 1, "first list failed", cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(OperatorEndpointRouteBuilderExtensions.LivenessPath, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(OperatorEndpointRouteBuilderExtensions.ReadinessPath, ct)).StatusCode);

        server.ClearFaults();
        await Poll.UntilAsync(
            async () =>
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
                return (await http.GetAsync(OperatorEndpointRouteBuilderExtensions.ReadinessPath, ct)).StatusCode == HttpStatusCode.OK;
            },
            "ready after the cache synced",
            cancellationToken: ct);

        await Poll.UntilAsync(
            async () => (await http.GetStringAsync(OperatorEndpointRouteBuilderExtensions.MetricsPath, ct))
                .Contains("k8snotify_operator_reconcile_total{kind=\"Channel\",result=\"success\"}", StringComparison.Ordinal),
            "reconcile counted in /metrics",
            cancellationToken: ct);
        var metrics = await http.GetStringAsync(OperatorEndpointRouteBuilderExtensions.MetricsPath, ct);
        Assert.Contains("k8snotify_operator_reconcile_duration_seconds_bucket{kind=\"Channel\"", metrics, StringComparison.Ordinal);
        Assert.Contains("k8snotify_operator_workqueue_depth{kind=\"Channel\"}", metrics, StringComparison.Ordinal);

        await app.StopAsync(ct);
    }

    private sealed class NoopReconciler : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);
    }
}
