using System.Net.Sockets;

namespace K8sNotify.Operator.Tests.EndToEnd;

/// <summary>Tells whether a Docker engine is reachable, so container tests run where one exists and skip with the reason elsewhere.</summary>
internal static class DockerEngine
{
    private const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>Null when an engine answers; otherwise why not.</summary>
    public static string? UnavailableReason { get; } = Probe();

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            // tcp:// and ssh:// engines are left to Testcontainers to reach.
            return null;
        }

        var socket = string.IsNullOrEmpty(host) ? DefaultSocket : host["unix://".Length..];
        if (!File.Exists(socket))
        {
            return $"no Docker engine: {socket} does not exist and DOCKER_HOST is not set";
        }

        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(socket));
            return null;
        }
        catch (SocketException e)
        {
            return $"no Docker engine: {socket} does not accept connections ({e.SocketErrorCode})";
        }
    }
}
