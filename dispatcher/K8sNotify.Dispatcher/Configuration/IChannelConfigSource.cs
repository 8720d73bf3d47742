namespace K8sNotify.Dispatcher.Configuration;

/// <summary>Where Channel configuration comes from: a mounted bundle file (cluster) or a folder of manifests (standalone).</summary>
public interface IChannelConfigSource
{
    /// <summary>A human description for logs ("bundle /etc/k8snotify/config/bundle.json").</summary>
    string Description { get; }

    /// <summary>A cheap value that changes whenever the source's content changes (drives reloads).</summary>
    string Fingerprint();

    /// <summary>Reads and resolves every selected Channel; throws <see cref="ConfigurationException"/> with a clear reason.</summary>
    IReadOnlyList<ChannelConfig> Load();
}
