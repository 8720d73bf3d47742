namespace K8sNotify.Cli;

/// <summary>The global option values of one invocation.</summary>
internal sealed record CliSettings(
    string? Manifests,
    string? Kubeconfig,
    string? Context,
    string? Namespace,
    string? Channel,
    string NatsUrl,
    string? NatsCredentials,
    bool Json);
