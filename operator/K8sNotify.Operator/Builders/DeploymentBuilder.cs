using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Providers.Outbox;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Builders;

/// <summary>Builds the dispatcher Deployment of a Channel: hardened pod, mounted bundle and Secrets, probes and checksum.</summary>
internal static class DeploymentBuilder
{
    public const long RunAsUser = 65532;
    public const string DefaultCpuRequest = "100m";
    public const string DefaultMemoryRequest = "128Mi";
    public const string DefaultMemoryLimit = "256Mi";
    public const int TerminationGracePeriodSeconds = 30;

    private const string ConfigVolume = "config";
    private const string TmpVolume = "tmp";
    private const string NatsVolume = "nats-credentials";

    public static V1Deployment Build(ResolvedChannel resolved, IReadOnlyList<string> secretNames, string checksum, DispatcherDeploymentOptions options)
    {
        var channel = resolved.Channel;
        var spec = channel.Spec.Dispatcher ?? new DispatcherSpec();
        var pod = PodTemplateMerger.Merge(options.Defaults.PodTemplate, spec.PodTemplate);
        var volumes = new List<V1Volume>
        {
            new()
            {
                Name = ConfigVolume,
                ConfigMap = new V1ConfigMapVolumeSource { Name = DispatcherNames.Config(channel) },
            },
            new() { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource() },
        };
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = ConfigVolume, MountPath = DispatcherMounts.ConfigDirectory, ReadOnlyProperty = true },
            new() { Name = TmpVolume, MountPath = DispatcherMounts.TmpDirectory },
        };

        // One volume per Secret (not one projected volume) so whole-Secret references keep the <name>/<key> layout.
        foreach (var name in secretNames)
        {
            var volume = SecretVolumeName(name);
            volumes.Add(new V1Volume { Name = volume, Secret = new V1SecretVolumeSource { SecretName = name } });
            mounts.Add(new V1VolumeMount { Name = volume, MountPath = DispatcherMounts.SecretDirectory(name), ReadOnlyProperty = true });
        }

        AddOutboxDirectories(resolved, volumes, mounts);

        var env = new List<V1EnvVar>
        {
            new() { Name = DispatcherEnvironment.Nats, Value = options.NatsUrl },
            new() { Name = DispatcherEnvironment.SecretsDirectory, Value = DispatcherMounts.SecretsRoot },
            new() { Name = DispatcherEnvironment.PodName, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },

            // The replica count divides the in-memory rate limits (Redis down or absent). An env var holding the live
            // count would roll every pod whenever the autoscaler scales, so the env var carries only the minimum (which
            // changes with the Channel spec, which rolls the pods anyway) and the live count is a ConfigMap key outside
            // the checksum that the dispatchers re-read.
            new() { Name = DispatcherEnvironment.Replicas, Value = MinReplicas(channel).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new() { Name = DispatcherEnvironment.ReplicasFile, Value = DispatcherMounts.ReplicasFile },
            new() { Name = DispatcherEnvironment.LogFormat, Value = options.LogFormat },
        };

        // GC and JIT settings: the image sets them too, but an image built elsewhere still runs with the measured ones.
        env.AddRange(DispatcherRuntime.Environment.Select(setting => new V1EnvVar { Name = setting.Key, Value = setting.Value }));
        if (!string.IsNullOrEmpty(options.NatsCredentialsSecret))
        {
            volumes.Add(new V1Volume { Name = NatsVolume, Secret = new V1SecretVolumeSource { SecretName = options.NatsCredentialsSecret } });
            mounts.Add(new V1VolumeMount { Name = NatsVolume, MountPath = DispatcherMounts.NatsCredentialsDirectory, ReadOnlyProperty = true });
            env.Add(new V1EnvVar { Name = DispatcherEnvironment.NatsCredentials, Value = $"{DispatcherMounts.NatsCredentialsDirectory}/{options.NatsCredentialsKey}" });
        }

        if (!string.IsNullOrEmpty(options.RedisUrl))
        {
            env.Add(new V1EnvVar { Name = DispatcherEnvironment.Redis, Value = options.RedisUrl });
            if (!string.IsNullOrEmpty(options.RedisPasswordSecret))
            {
                env.Add(new V1EnvVar
                {
                    Name = DispatcherEnvironment.RedisPassword,
                    ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = options.RedisPasswordSecret, Key = options.RedisPasswordKey } },
                });
            }
        }

        // Validation rejects K8SNOTIFY_ names; the contract's own variables come first either way.
        env.AddRange((pod.Env ?? []).Where(e => !e.Name.StartsWith(DispatcherEnvironment.Prefix, StringComparison.OrdinalIgnoreCase)));

        var container = new V1Container
        {
            Name = DispatcherNames.ContainerName,
            Image = string.IsNullOrEmpty(spec.Image) ? options.Image : spec.Image,
            ImagePullPolicy = string.IsNullOrEmpty(options.ImagePullPolicy) ? null : options.ImagePullPolicy,
            Args = [DispatcherFlags.Config, DispatcherMounts.BundleFile, DispatcherFlags.HttpPort, DispatcherContainer.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Env = env,
            Ports = [new V1ContainerPort { Name = DispatcherNames.HttpPortName, ContainerPort = DispatcherNames.HttpPort, Protocol = "TCP" }],
            LivenessProbe = Probe(DispatcherContainer.LivenessPath, periodSeconds: 10, failureThreshold: 3),
            ReadinessProbe = Probe(DispatcherContainer.ReadinessPath, periodSeconds: 5, failureThreshold: 2),
            Resources = Resources(spec.Resources),
            SecurityContext = new V1SecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = RunAsUser,
                RunAsGroup = RunAsUser,
                ReadOnlyRootFilesystem = true,
                AllowPrivilegeEscalation = false,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
            VolumeMounts = mounts,
        };

        // The operator's labels and annotations win: the selector, the Service and the checksum depend on them.
        var podLabels = DispatcherNames.Labels(channel);
        podLabels.Remove(DispatcherNames.ManagedByLabel);
        podLabels = Over(pod.Metadata?.Labels, podLabels);
        var podAnnotations = Over(pod.Metadata?.Annotations, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DispatcherNames.ChecksumAnnotation] = checksum,
            [DispatcherAnnotations.DefaultContainer] = DispatcherContainer.Name,
        });
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = V1Deployment.KubeKind,
            Metadata = ChildSetBuilder.Metadata(channel, DispatcherNames.Dispatcher(channel)),
            Spec = new V1DeploymentSpec
            {
                // No replicas: the HorizontalPodAutoscaler owns the count; applying one would fight it.
                Selector = new V1LabelSelector { MatchLabels = DispatcherNames.Selector(channel) },
                RevisionHistoryLimit = 3,
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = "25%" },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = podLabels,
                        Annotations = podAnnotations,
                    },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        ServiceAccountName = pod.ServiceAccountName,
                        PriorityClassName = pod.PriorityClassName,
                        ImagePullSecrets = pod.ImagePullSecrets,
                        NodeSelector = pod.NodeSelector is { Count: > 0 } nodes ? new SortedDictionary<string, string>(nodes, StringComparer.Ordinal) : null,
                        Tolerations = pod.Tolerations,
                        Affinity = pod.Affinity,
                        EnableServiceLinks = false,
                        TerminationGracePeriodSeconds = TerminationGracePeriodSeconds,
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = RunAsUser,
                            RunAsGroup = RunAsUser,
                            FsGroup = RunAsUser,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        TopologySpreadConstraints = pod.TopologySpreadConstraints ??
                        [
                            new V1TopologySpreadConstraint
                            {
                                MaxSkew = 1,
                                TopologyKey = "kubernetes.io/hostname",
                                WhenUnsatisfiable = "ScheduleAnyway",
                                LabelSelector = new V1LabelSelector { MatchLabels = DispatcherNames.Selector(channel) },
                            },
                        ],
                        Containers = [container],
                        Volumes = volumes,
                    },
                },
            },
        };
    }

    // The operator's own entries, then the extra ones it does not set, sorted by key (stable output).
    private static Dictionary<string, string> Over(Dictionary<string, string>? extra, Dictionary<string, string> own)
    {
        var merged = new Dictionary<string, string>(own, StringComparer.Ordinal);
        foreach (var (key, value) in (extra ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            merged.TryAdd(key, value);
        }

        return merged;
    }

    /// <summary>The autoscaler's minimum replica count for the Channel.</summary>
    internal static int MinReplicas(Channel channel) => (channel.Spec.Dispatcher?.Replicas ?? new ReplicaRange()).Min;

    /// <summary>A volume name (DNS-1123 label, at most 63 characters) for a Secret name, which may be longer or contain dots.</summary>
    internal static string SecretVolumeName(string secretName)
    {
        var name = "secret-" + secretName.Replace('.', '-');
        if (name.Length <= 63)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secretName)))[..8];
        return name[..54].TrimEnd('-') + "-" + hash;
    }

    private static V1Probe Probe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = DispatcherNames.HttpPortName },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 2,
        FailureThreshold = failureThreshold,
    };

    private static V1ResourceRequirements Resources(V1ResourceRequirements? requested)
    {
        if (requested is { Requests.Count: > 0 } or { Limits.Count: > 0 })
        {
            return requested;
        }

        return new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = new(DefaultCpuRequest),
                ["memory"] = new(DefaultMemoryRequest),
            },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(DefaultMemoryLimit) },
        };
    }

    // The root filesystem is read-only, so an outbox provider (development) needs a writable directory.
    private static void AddOutboxDirectories(ResolvedChannel resolved, List<V1Volume> volumes, List<V1VolumeMount> mounts)
    {
        var index = 0;
        foreach (var dir in resolved.Providers
            .Select(p => OutboxProviderKind.Instance.TryGetSettings(p.Spec)?.Directory)
            .OfType<string>()
            .Where(d => d.StartsWith('/') && d != DispatcherMounts.TmpDirectory && !d.StartsWith(DispatcherMounts.TmpDirectory + "/", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal))
        {
            var name = $"outbox-{index++}";
            volumes.Add(new V1Volume { Name = name, EmptyDir = new V1EmptyDirVolumeSource() });
            mounts.Add(new V1VolumeMount { Name = name, MountPath = dir });
        }
    }
}
