using System.ComponentModel.DataAnnotations;
using K8sNotify.Api.Contract;

namespace K8sNotify.Operator.Builders;

/// <summary>Operator settings that every dispatcher Deployment is built from (section <c>Dispatcher</c>).</summary>
public sealed class DispatcherDeploymentOptions : IValidatableObject
{
    public const string SectionName = "Dispatcher";

    /// <summary>The dispatcher image used when a Channel sets none.</summary>
    public const string DefaultImage = "ghcr.io/k8snotify/dispatcher:0.1.0";

    public const string DefaultNatsUrl = "nats://nats.nats.svc:4222";
    public const string DefaultNatsCredentialsKey = "nats.creds";
    public const string DefaultRedisPasswordKey = "password";

    [Required]
    [MinLength(1)]
    public string Image { get; set; } = DefaultImage;

    /// <summary>Always, IfNotPresent or Never; empty lets Kubernetes choose from the tag.</summary>
    [RegularExpression("^(|Always|IfNotPresent|Never)$")]
    public string ImagePullPolicy { get; set; } = "";

    [Required]
    [RegularExpression(@"^(nats|tls|ws|wss)://[^\s]+$")]
    public string NatsUrl { get; set; } = DefaultNatsUrl;

    /// <summary>Secret (in each Channel's namespace) holding NATS user credentials; mounted into dispatchers when set.</summary>
    public string? NatsCredentialsSecret { get; set; }

    [Required]
    public string NatsCredentialsKey { get; set; } = DefaultNatsCredentialsKey;

    /// <summary>Redis connection string for rate limits and idempotency markers; without it dispatchers use in-memory fallbacks.</summary>
    public string? RedisUrl { get; set; }

    /// <summary>Secret (in each Channel's namespace) holding the Redis password.</summary>
    public string? RedisPasswordSecret { get; set; }

    [Required]
    public string RedisPasswordKey { get; set; } = DefaultRedisPasswordKey;

    /// <summary>Console log format of the dispatchers: json (the default in a cluster, for log collectors) or text.</summary>
    [RegularExpression("^(json|text)$")]
    public string LogFormat { get; set; } = LogFormats.Json;

    /// <summary>Adds an External metric on k8snotify_consumer_pending to each HPA (needs a metrics adapter such as prometheus-adapter).</summary>
    public bool ConsumerPendingMetric { get; set; }

    /// <summary>Extra labels on every ServiceMonitor and PrometheusRule (e.g. the <c>release</c> label kube-prometheus-stack selects by).</summary>
    public IDictionary<string, string> MonitoringLabels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// A YAML or JSON file of <see cref="DispatcherDefaults"/> (pod settings and NetworkPolicy of every dispatcher,
    /// which Channels override); read at start, and a bad file stops the operator with the reason.
    /// </summary>
    public string? DefaultsFile { get; set; }

    /// <summary>The same as <see cref="DefaultsFile"/>, inline (the chart passes its values this way); not together with a file.</summary>
    public string? DefaultsYaml { get; set; }

    /// <summary>The loaded <see cref="DefaultsFile"/> (or defaults set in code); empty when there is none.</summary>
    public DispatcherDefaults Defaults { get; set; } = new();

    /// <summary>Why <see cref="DefaultsFile"/> could not be loaded, reported by <see cref="Validate"/>.</summary>
    internal string? DefaultsProblem { get; private set; }

    /// <summary>Loads <see cref="DefaultsFile"/> or <see cref="DefaultsYaml"/> into <see cref="Defaults"/>; a failure is kept for <see cref="Validate"/>.</summary>
    public void LoadDefaultsFile()
    {
        try
        {
            if (!string.IsNullOrEmpty(DefaultsFile) && !string.IsNullOrWhiteSpace(DefaultsYaml))
            {
                DefaultsProblem = "set either a defaults file or inline defaults, not both";
            }
            else if (!string.IsNullOrEmpty(DefaultsFile))
            {
                Defaults = DispatcherDefaults.Load(DefaultsFile);
            }
            else if (!string.IsNullOrWhiteSpace(DefaultsYaml))
            {
                Defaults = DispatcherDefaults.Parse(DefaultsYaml, nameof(DefaultsYaml));
            }
        }
        catch (InvalidDataException e)
        {
            DefaultsProblem = e.Message;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultsProblem is not null)
        {
            yield return new ValidationResult("DefaultsFile: " + DefaultsProblem, [nameof(DefaultsFile)]);
        }

        foreach (var problem in Validation.PodTemplateValidator.Validate(Defaults.PodTemplate, "podTemplate"))
        {
            yield return new ValidationResult("Defaults: " + problem, [nameof(Defaults)]);
        }

        foreach (var (key, value) in MonitoringLabels)
        {
            if (Builders.MonitoringLabels.Problem(key, value) is { } problem)
            {
                yield return new ValidationResult("MonitoringLabels: " + problem, [nameof(MonitoringLabels)]);
            }
        }
    }
}
