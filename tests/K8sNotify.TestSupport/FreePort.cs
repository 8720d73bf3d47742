using System.Net;
using System.Net.Sockets;

namespace K8sNotify.TestSupport;

/// <summary>Finds free loopback TCP ports for servers started by tests.</summary>
public static class FreePort
{
    /// <summary>Returns a loopback port that was free a moment ago (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
