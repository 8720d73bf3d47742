using k8s;
using k8s.Models;
using K8sNotify.Operator.Builders;

namespace K8sNotify.Operator.Controllers;

/// <summary>Records Kubernetes Events on K8sNotify objects for notable transitions; best effort, never fails a reconcile.</summary>
public sealed class EventRecorder(IKubernetes client, TimeProvider timeProvider, ILogger<EventRecorder> logger)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> about, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var ns = about.Metadata.NamespaceProperty ?? "default";
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{about.Metadata.Name}.{Guid.NewGuid():N}"[..Math.Min(about.Metadata.Name.Length + 17, 253)], NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = about.ApiVersion,
                Kind = about.Kind,
                Name = about.Metadata.Name,
                NamespaceProperty = ns,
                Uid = about.Metadata.Uid,
                ResourceVersion = about.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message.Length <= 1024 ? message : message[..1021] + "...",
            Source = new V1EventSource { Component = DispatcherNames.FieldManager },
            ReportingComponent = DispatcherNames.FieldManager,
            ReportingInstance = Environment.MachineName,
            Action = "Reconcile",
            FirstTimestamp = now,
            LastTimestamp = now,
            EventTime = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(ev, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            Log.EventNotRecorded(logger, about.Kind, about.Metadata.Name, reason, e.Message);
        }
    }
}
