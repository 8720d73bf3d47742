using System.Collections.Concurrent;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using K8sNotify.Dispatcher.Providers.Webhook;
using K8sNotify.Dispatcher.StatusWebhooks;
using K8sNotify.Dispatcher.Tests.Support;
using K8sNotify.Dispatcher.Tests.TestDoubles;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Manifests;
using k8s.Models;

namespace K8sNotify.Dispatcher.Tests.StatusWebhooks;

/// <summary>A Channel with <c>statusWebhook.format: cloudevents</c> against a receiver that decodes each POST with the CloudEvents SDK.</summary>
public sealed class StatusWebhookCloudEventsTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    private const string SigningKey = "status-hook-cloudevents-key-0123456789";

    [Fact]
    public async Task Deliver_FormatCloudEvents_StructuredCloudEventPerTransitionSigned()
    {
        var received = new ConcurrentQueue<(CloudEvent Event, string? ContentType, bool SignatureValid, string? EventIdHeader)>();
        var formatter = new JsonEventFormatter();
        await using var receiver = await LoopbackHttpServer.StartAsync(request =>
        {
            var contentType = request.Header("Content-Type");
            var cloudEvent = formatter.DecodeStructuredModeMessage(request.Body, new ContentType(contentType!), [StatusCloudEvent.RevisionAttribute]);
            var valid = WebhookSignature.Verify(
                Encoding.UTF8.GetBytes(SigningKey), request.Header(WebhookSignature.TimestampHeader) ?? "", request.Body, request.Header(WebhookSignature.DefaultHeader));
            received.Enqueue((cloudEvent, contentType, valid, request.Header(StatusWebhookSender.EventIdHeader)));
            return FakeResponse.Empty(200);
        });
        var channel = new ChannelManifests
        {
            Providers = [ChannelManifests.Outbox("p", "/unused")],
            ExtraSpecYaml = $"  statusWebhook: {{url: \"{new Uri(receiver.BaseUrl, "/hooks/status")}\", format: cloudevents, secretRef: {{name: status-hook, key: signing-key}}}}",
            ExtraYaml = $"""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: status-hook
                stringData:
                  signing-key: {SigningKey}
                """,
        };
        await using var harness = await DispatcherHarness.StartAsync(
            nats.Url, channel, DispatcherHarness.NewDirectory(), s => s.AddSingletonProvider(new Support.ScriptedProvider()));

        await harness.PublishAsync(DispatcherHarness.Message("ce-out-1"));
        await Poll.UntilAsync(() => received.Any(r => r.Event.Type == "io.k8snotify.notification.sent"), "the sent CloudEvent received", cancellationToken: TestContext.Current.CancellationToken);

        var events = received.ToList();
        Assert.Equal(["io.k8snotify.notification.sending", "io.k8snotify.notification.sent"], events.Select(e => e.Event.Type));
        var resource = harness.ChannelResource;
        Assert.All(events, e =>
        {
            Assert.True(e.SignatureValid, $"signature of {e.Event.Id}");
            Assert.StartsWith(StatusCloudEvent.ContentType, e.ContentType, StringComparison.Ordinal);
            Assert.Equal(CloudEventsSpecVersion.V1_0, e.Event.SpecVersion);
            Assert.Equal(e.EventIdHeader, e.Event.Id);
            Assert.Equal($"/namespaces/{resource.Namespace()}/channels/{resource.Name()}", e.Event.Source!.ToString());
            Assert.Equal("ce-out-1", e.Event.Subject);
            Assert.NotNull(e.Event.Time);
            Assert.Equal("application/json", e.Event.DataContentType);
            var data = Assert.IsType<JsonElement>(e.Event.Data);
            Assert.Equal("ce-out-1", data.GetProperty("id").GetString());
            Assert.Equal(e.Event.Type!["io.k8snotify.notification.".Length..], data.GetProperty("state").GetString());
            var revision = (string)e.Event[StatusCloudEvent.RevisionAttribute]!;
            Assert.Equal($"{data.GetProperty("namespace").GetString()}/{data.GetProperty("channel").GetString()}/{revision}", e.Event.Id);
        });
        Assert.NotEqual(events[0].Event.Id, events[1].Event.Id);
    }
}
