namespace K8sNotify.Api.Manifests;

/// <summary>A manifest could not be read; the message says where and why.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string message)
        : base(message)
    {
    }

    public ManifestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
