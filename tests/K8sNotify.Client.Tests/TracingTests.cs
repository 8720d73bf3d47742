using System.Diagnostics;
using K8sNotify.Client.Tests.Support;
using K8sNotify.Dispatcher.Observability;
using K8sNotify.TestSupport;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace K8sNotify.Client.Tests;

/// <summary>
/// One trace from the publisher through the dispatcher across real NATS, recorded with OpenTelemetry's in-memory
/// exporter (the client and the dispatcher run in this process, so one tracer provider sees both).
/// </summary>
[Collection(DispatcherCollection.Name)]
public sealed class TracingTests : IDisposable
{
    private static readonly string[] Steps = ["decode", "rate limit", "render", "provider outbox", "status write"];

    private readonly DispatcherFixture _fixture;
    private readonly SpanCollection _spans = new();
    private readonly TracerProvider _tracing;

    public TracingTests(DispatcherFixture fixture)
    {
        _fixture = fixture;
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(K8sNotifyTelemetry.ActivitySourceName, DispatcherTracing.ActivitySourceName)
            .AddAspNetCoreInstrumentation()
            .AddInMemoryExporter(_spans)
            .Build();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishAsync_TraceContextInHeaders_DispatcherStepsJoinThePublishersTrace()
    {
        var publisher = new K8sNotifyPublisher(_fixture.Js);

        await publisher.PublishAsync(_fixture.Channel.Subject, Welcome("trace-publish"), Token);
        await _fixture.WaitForStateAsync("trace-publish", "sent");

        var publish = Single(s => s.Source.Name == K8sNotifyTelemetry.ActivitySourceName && (string?)s.GetTagItem("messaging.message.id") == "trace-publish");
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(default, publish.ParentSpanId);
        var trace = await TraceAsync(publish.TraceId);
        var process = Assert.Single(trace, IsProcess);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        AssertSteps(trace, process);
    }

    [Fact]
    public async Task SubmitAsync_HttpApi_RequestStartsTheTraceTheDispatcherContinues()
    {
        await _fixture.HttpClient().SubmitAsync("default", _fixture.Channel.Name, Welcome("trace-submit"), Token);
        await _fixture.WaitForStateAsync("trace-submit", "sent");

        var request = Single(s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal(default, request.ParentSpanId);
        var trace = await TraceAsync(request.TraceId);
        var process = Assert.Single(trace, IsProcess);
        Assert.Equal(request.TraceId, process.TraceId);
        Assert.Contains(trace, s => s.DisplayName == "status write" && s.ParentSpanId == request.SpanId && (string?)s.GetTagItem("k8snotify.notification.state") == "accepted");
        AssertSteps(trace, process);
    }

    [Fact]
    public void AddDispatcherTracing_NothingConfigured_Off()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        Assert.False(services.AddDispatcherTracing(configuration, _ => null));
        Assert.Empty(services);
    }

    [Fact]
    public void AddDispatcherTracing_StandardEndpointVariable_OnWithOtlp()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        var on = services.AddDispatcherTracing(configuration, name => name == TracingOptions.StandardEndpointVariable ? "http://collector:4317" : null);

        Assert.True(on);
        Assert.NotEmpty(services);
    }

    [Fact]
    public void EffectiveEndpoint_DispatcherSettingAndStandardVariable_DispatcherSettingWins()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TRACING:OTLP_ENDPOINT"] = "http://collector.monitoring:4318" })
            .Build();
        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<TracingOptions>(configuration.GetSection(TracingOptions.Section))!;

        Assert.Equal(new Uri("http://collector.monitoring:4318"), options.EffectiveEndpoint(_ => "http://other:4317"));
        Assert.Equal(new Uri("http://other:4317"), new TracingOptions().EffectiveEndpoint(_ => "http://other:4317"));
        Assert.Null(new TracingOptions().EffectiveEndpoint(_ => "not a url"));
    }

    public void Dispose() => _tracing.Dispose();

    private static bool IsProcess(Activity span) => span.DisplayName.EndsWith(" process", StringComparison.Ordinal);

    private static Notification Welcome(string id) =>
        new() { Id = id, Template = "welcome", To = "ada@example.com", Data = Notification.DataFrom(new { name = "Ada", order = 3 }) };

    /// <summary>Every step of the pipeline is a span right below the message's process span, in pipeline order.</summary>
    private static void AssertSteps(IReadOnlyList<Activity> trace, Activity process)
    {
        var below = trace.Where(s => s.ParentSpanId == process.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        var seen = string.Join(", ", below.Select(s => s.DisplayName));
        var firsts = Steps.Select(step => below.FindIndex(s => s.DisplayName == step)).ToList();
        Assert.True(firsts.All(i => i >= 0), $"a step is missing below process; saw: {seen}");
        Assert.True(firsts[..4].SequenceEqual(firsts[..4].Order()), $"steps out of order: {seen}");
        var lastWrite = below.FindLastIndex(s => s.DisplayName == "status write");
        Assert.True(lastWrite > firsts[3], $"no status write after the provider call: {seen}");
        Assert.Equal("sent", below[lastWrite].GetTagItem("k8snotify.notification.state"));
        Assert.All(below, s => Assert.Equal(process.TraceId, s.TraceId));
    }

    /// <summary>Waits until the trace's process span and its final status write are exported, then returns the trace's spans.</summary>
    private async Task<IReadOnlyList<Activity>> TraceAsync(ActivityTraceId traceId)
    {
        await Poll.UntilAsync(
            () =>
            {
                var trace = _spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
                return trace.Any(IsProcess) && trace.Any(s => (string?)s.GetTagItem("k8snotify.notification.state") == "sent");
            },
            "the dispatcher's spans exported",
            cancellationToken: Token);
        return [.. _spans.Snapshot().Where(s => s.TraceId == traceId)];
    }

    private Activity Single(Func<Activity, bool> match)
    {
        var all = _spans.Snapshot();
        var found = all.Where(match).ToList();
        Assert.True(found.Count == 1, $"{found.Count} matching spans among: {string.Join(", ", all.Select(s => s.DisplayName))}");
        return found[0];
    }
}
