namespace K8sNotify.Operator.JetStream;

/// <summary>JetStream refused a stream or consumer configuration (for example a storage change); retrying will not help.</summary>
public sealed class StreamProvisioningException : Exception
{
    public StreamProvisioningException(string message)
        : base(message)
    {
    }

    public StreamProvisioningException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
