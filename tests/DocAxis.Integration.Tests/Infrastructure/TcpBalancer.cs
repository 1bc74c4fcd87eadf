using System.Net;
using System.Net.Sockets;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>
/// A TCP load balancer on loopback, as in front of a production hub: each new connection goes to
/// the next backend that accepts it; TLS passes through untouched. Given a rate, it is also a slow
/// link: what clients send reaches the backends at no more than that many bytes a second.
/// </summary>
public sealed class TcpBalancer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IReadOnlyList<int> _backends;
    private readonly long? _upstreamBytesPerSecond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;

    public TcpBalancer(int port, IReadOnlyList<int> backends, long? upstreamBytesPerSecond = null)
    {
        _backends = backends;
        _upstreamBytesPerSecond = upstreamBytesPerSecond;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            for (var tries = 0; tries < _backends.Count; tries++)
            {
                var port = _backends[(int)((uint)Interlocked.Increment(ref _next) % _backends.Count)];
                using var backend = new TcpClient();
                try
                {
                    await backend.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
                }
                catch (SocketException)
                {
                    continue;
                }

                using var ended = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = Pump(client.GetStream(), backend.GetStream(), _upstreamBytesPerSecond, ended);
                var down = Pump(backend.GetStream(), client.GetStream(), null, ended);
                await Task.WhenAny(up, down);
                await ended.CancelAsync();
                return;
            }
        }
    }

    private static async Task Pump(NetworkStream from, NetworkStream to, long? bytesPerSecond, CancellationTokenSource ended)
    {
        try
        {
            if (bytesPerSecond is not { } rate)
            {
                await from.CopyToAsync(to, ended.Token);
                return;
            }

            // Paced from when each piece could start, not from the connection's start: a link idle for
            // a while does not then pass a burst at full speed.
            var buffer = new byte[16 * 1024];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var next = TimeSpan.Zero;
            int read;
            while ((read = await from.ReadAsync(buffer, ended.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), ended.Token);
                next = (next > clock.Elapsed ? next : clock.Elapsed) + TimeSpan.FromSeconds((double)read / rate);
                if (next > clock.Elapsed)
                {
                    await Task.Delay(next - clock.Elapsed, ended.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
