namespace K8sNotify.ControlPlane.Tests;

/// <summary>What one kubectl run ended with.</summary>
internal sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Throws with everything kubectl printed unless it exited 0.</summary>
    public KubectlResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"kubectl exited {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
}
