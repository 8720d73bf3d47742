using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>
/// Merges a Channel's dispatcher pod settings over the operator's defaults: maps (labels, annotations, nodeSelector)
/// key by key and env by name, the Channel winning; any other field the Channel sets replaces the default.
/// </summary>
public static class PodTemplateMerger
{
    public static DispatcherPodTemplate Merge(DispatcherPodTemplate? defaults, DispatcherPodTemplate? channel)
    {
        defaults ??= new DispatcherPodTemplate();
        channel ??= new DispatcherPodTemplate();
        return new DispatcherPodTemplate
        {
            Metadata = new DispatcherPodMetadata
            {
                Labels = Maps(defaults.Metadata?.Labels, channel.Metadata?.Labels),
                Annotations = Maps(defaults.Metadata?.Annotations, channel.Metadata?.Annotations),
            },
            NodeSelector = Maps(defaults.NodeSelector, channel.NodeSelector),
            Tolerations = channel.Tolerations ?? defaults.Tolerations,
            Affinity = channel.Affinity ?? defaults.Affinity,
            TopologySpreadConstraints = channel.TopologySpreadConstraints ?? defaults.TopologySpreadConstraints,
            PriorityClassName = Coalesce(channel.PriorityClassName, defaults.PriorityClassName),
            ImagePullSecrets = channel.ImagePullSecrets ?? defaults.ImagePullSecrets,
            Env = Env(defaults.Env, channel.Env),
            ServiceAccountName = Coalesce(channel.ServiceAccountName, defaults.ServiceAccountName),
        };
    }

    private static Dictionary<string, string>? Maps(Dictionary<string, string>? defaults, Dictionary<string, string>? channel)
    {
        if (defaults is null && channel is null)
        {
            return null;
        }

        var merged = new Dictionary<string, string>(defaults ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in channel ?? [])
        {
            merged[key] = value;
        }

        return merged;
    }

    // Defaults first, in their order; a Channel variable of the same name takes the default's place.
    private static List<V1EnvVar>? Env(List<V1EnvVar>? defaults, List<V1EnvVar>? channel)
    {
        if (defaults is null && channel is null)
        {
            return null;
        }

        var byName = (channel ?? []).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var merged = (defaults ?? []).Select(e => byName.Remove(e.Name, out var own) ? own : e).ToList();
        merged.AddRange((channel ?? []).Where(e => byName.ContainsKey(e.Name)));
        return merged;
    }

    private static string? Coalesce(string? channel, string? defaults) => string.IsNullOrEmpty(channel) ? defaults : channel;
}
