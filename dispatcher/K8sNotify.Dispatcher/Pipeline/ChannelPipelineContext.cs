using K8sNotify.Dispatcher.Configuration;
using K8sNotify.Dispatcher.DeadLetters;
using K8sNotify.Dispatcher.Scheduling;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>The per-Channel parts a message is processed with: the current config version, the status store, the dead-letter publisher and the park store.</summary>
public sealed class ChannelPipelineContext(ChannelRuntimeStore runtimes, string key, ChannelStatusStore status, DeadLetterPublisher deadLetters, ParkStore park)
{
    public string Key => key;

    /// <summary>The current config version; read once per message so a reload never mixes versions within one message.</summary>
    public ChannelRuntime Runtime => runtimes.Get(key) ?? throw new InvalidOperationException($"Channel {key} has no configuration");

    /// <summary>Completes at the next configuration reload (read before inspecting <see cref="Runtime"/>).</summary>
    public Task RuntimeChanged => runtimes.Changed;

    public ChannelStatusStore Status => status;

    public DeadLetterPublisher DeadLetters => deadLetters;

    /// <summary>Where messages that must wait are parked, outside the work consumer.</summary>
    public ParkStore Park => park;
}
