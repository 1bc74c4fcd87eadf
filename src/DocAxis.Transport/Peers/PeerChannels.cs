using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace DocAxis.Transport.Peers;

/// <summary>
/// gRPC channels to other DocAxis parties over mutual TLS, one per endpoint and client certificate,
/// reused across calls (HTTP/2 multiplexes them). Servers are validated against our trust store,
/// never the operating system's.
/// </summary>
public sealed class PeerChannels(PeerAuthenticator authenticator) : IDisposable
{
    /// <summary>Above the 64 KiB chunks, below anything that would let a peer make us buffer a letter.</summary>
    public const int MaxMessageBytes = 8 * 1024 * 1024;

    private readonly ConcurrentDictionary<(Uri, string), GrpcChannel> _channels = new();

    public GrpcChannel For(Uri endpoint, X509Certificate2 clientCertificate) =>
        _channels.GetOrAdd((endpoint, clientCertificate.Thumbprint), key => Create(key.Item1, clientCertificate, authenticator));

    public static GrpcChannel Create(Uri endpoint, X509Certificate2 clientCertificate, PeerAuthenticator authenticator)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Long transfers are normal: keep the connection alive instead of timing it out by size.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificates = [clientCertificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    authenticator.ValidateServer(certificate, chain, errors, out string? _),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
        };
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
    }
}
