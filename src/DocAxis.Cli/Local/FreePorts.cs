using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DocAxis.Cli.Local;

public static class FreePorts
{
    private const int Lowest = 10_000;

    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A loopback port nobody listens on now. Ports are chosen before hosts start because the hub's
    /// directory must name a node's address even while that node is offline. They are taken below
    /// the kernel's ephemeral range: a port the kernel picked (bind to 0) is free now, but may be
    /// handed out again as the source port of an outgoing connection before the host binds it.
    /// </summary>
    public static int Next()
    {
        var below = EphemeralStart();
        lock (Given)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, below);
                if (Given.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {below}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The start of Linux's ephemeral port range (32768 unless configured otherwise).</summary>
    private static int EphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split('\t', ' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start > Lowest + 1_000
            ? start
            : 32_768;
    }
}
