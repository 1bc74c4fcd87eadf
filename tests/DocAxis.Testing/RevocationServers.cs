using System.Diagnostics;
using System.Net;
using System.Net.Sockets;


namespace DocAxis.Testing;

/// <summary>Serves one CRL file over HTTP on loopback, as a CA's distribution point does, and counts downloads.</summary>
public sealed class CrlServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _file;
    private int _downloads;

    public CrlServer(string file)
    {
        _file = file;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/ca.crl");

    public int Downloads => _downloads;

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _downloads);
            var bytes = await File.ReadAllBytesAsync(_file);
            context.Response.ContentType = "application/pkix-crl";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A real `openssl ocsp` responder on loopback, answering from an `openssl ca` index.</summary>
public sealed class OcspResponder : IDisposable
{
    private readonly Process _process;

    public OcspResponder(OpenSslCa ca, int port)
    {
        Port = port;
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ca.Folder };
        foreach (var argument in new[] { "ocsp", "-index", ca.IndexPath, "-port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-rsigner", ca.CertificatePath, "-rkey", ca.KeyPath, "-CA", ca.CertificatePath })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (Log) { Log.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (Log) { Log.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    public System.Text.StringBuilder Log { get; } = new();

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>
    /// Waits for the responder to say it is listening. A probe connection would not do: the
    /// responder serves one connection at a time and would wait on the probe.
    /// </summary>
    private void WaitUntilListening()
    {
        for (var i = 0; i < 200; i++)
        {
            lock (Log)
            {
                if (Log.ToString().Contains("waiting for OCSP client connections", StringComparison.Ordinal))
                {
                    return;
                }
            }

            Thread.Sleep(25);
        }

        Assert.Fail($"openssl ocsp did not start listening on port {Port}: {Log}");
    }
}
