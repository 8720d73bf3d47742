namespace K8sNotify.Dispatcher.Digests;

/// <summary>Headers of a digest's release message (on the work stream, and in the park store until the window closes).</summary>
public static class DigestHeaders
{
    /// <summary>The digest group (hash of recipient and key) to release.</summary>
    public const string Group = "K8sNotify-Digest-Group";

    /// <summary>The id of the digest the release was scheduled for.</summary>
    public const string Id = "K8sNotify-Digest-Id";
}
