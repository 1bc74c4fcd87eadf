using System.Net;
using System.Net.Sockets;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>
/// A TCP load balancer on loopback, as in front of a production hub: each new connection goes to
/// the next backend that accepts it; TLS passes through untouched. Given a rate, it is also a slow
/// link: what clients send reaches the backends at no more than that many bytes a second. Given an
/// idle timeout, it closes a connection on which nothing has passed either way for that long, as
/// the proxies and load balancers between a DMS and its node do.
/// </summary>
public sealed class TcpBalancer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IReadOnlyList<int> _backends;
    private readonly long? _upstreamBytesPerSecond;
    private readonly TimeSpan? _idleTimeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;
    private int _idleCuts;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CancellationTokenSource, bool> _open = new();

    public TcpBalancer(int port, IReadOnlyList<int> backends, long? upstreamBytesPerSecond = null, TimeSpan? idleTimeout = null)
    {
        _backends = backends;
        _upstreamBytesPerSecond = upstreamBytesPerSecond;
        _idleTimeout = idleTimeout;
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
                _open[ended] = true;
                var activity = new Activity();
                var up = Pump(client.GetStream(), backend.GetStream(), _upstreamBytesPerSecond, activity, ended);
                var down = Pump(backend.GetStream(), client.GetStream(), null, activity, ended);
                await Task.WhenAny(up, down, CutWhenIdleAsync(activity, ended.Token));
                await ended.CancelAsync();
                _open.TryRemove(ended, out _);
                return;
            }
        }
    }

    /// <summary>Breaks every open connection at once, as a link that drops does; new ones are accepted.</summary>
    public void CutAll()
    {
        foreach (var connection in _open.Keys)
        {
            try
            {
                connection.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It ended by itself meanwhile.
            }
        }
    }

    /// <summary>How many connections were closed for being idle.</summary>
    public int IdleCuts => Volatile.Read(ref _idleCuts);

    private async Task CutWhenIdleAsync(Activity activity, CancellationToken ended)
    {
        try
        {
            if (_idleTimeout is not { } idle)
            {
                await Task.Delay(Timeout.Infinite, ended);
                return;
            }

            while (activity.IdleFor < idle)
            {
                await Task.Delay(idle - activity.IdleFor + TimeSpan.FromMilliseconds(10), ended);
            }

            Interlocked.Increment(ref _idleCuts);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task Pump(NetworkStream from, NetworkStream to, long? bytesPerSecond, Activity activity, CancellationTokenSource ended)
    {
        try
        {
            // Paced from when each piece could start, not from the connection's start: a link idle for
            // a while does not then pass a burst at full speed.
            var buffer = new byte[16 * 1024];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var next = TimeSpan.Zero;
            int read;
            while ((read = await from.ReadAsync(buffer, ended.Token)) > 0)
            {
                activity.Touch();
                await to.WriteAsync(buffer.AsMemory(0, read), ended.Token);
                if (bytesPerSecond is not { } rate)
                {
                    continue;
                }

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

    /// <summary>When bytes last passed either way on one connection.</summary>
    private sealed class Activity
    {
        private long _last = System.Diagnostics.Stopwatch.GetTimestamp();

        public TimeSpan IdleFor => System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _last));

        public void Touch() => Interlocked.Exchange(ref _last, System.Diagnostics.Stopwatch.GetTimestamp());
    }
}
