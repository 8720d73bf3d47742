using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.JetStream;

/// <summary>Ensures and deletes a Channel's JetStream stream, consumer and dead-letter stream.</summary>
public interface IStreamProvisioner
{
    /// <summary>Creates or updates the streams and the consumer; returns what the stream holds now.</summary>
    Task<StreamState> EnsureAsync(Channel channel, CancellationToken cancellationToken);

    /// <summary>Deletes the streams (and so the consumer); a stream that is already gone is not an error.</summary>
    Task DeleteAsync(Channel channel, CancellationToken cancellationToken);
}
