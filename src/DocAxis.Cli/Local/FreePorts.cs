using System.Net;
using System.Net.Sockets;

namespace DocAxis.Cli.Local;

internal static class FreePorts
{
    /// <summary>
    /// A loopback port nobody listens on now. Ports are chosen before hosts start because the hub's
    /// directory must name a node's address even while that node is offline.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
