using System.Collections.Concurrent;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Trust;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Tls;
using Grpc.Net.Client;

namespace DocAxis.Cli.Local;

/// <summary>Client channels into a loopback axis: as the operator or an agency to the hub (mutual TLS), or as a DMS to its node.</summary>
public sealed class LocalClients(PkiLayout pki, Uri hub) : IDisposable
{
    // Created on first use: the PKI is written after the deployment object exists.
    private readonly Lazy<PeerAuthenticator> _authenticator = new(() => new PeerAuthenticator(
        new CertificateValidator(TrustStore.Load([pki.TrustAnchorPath], [])), TimeProvider.System));

    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new();

    public GrpcChannel Operator() => Hub("operator", pki.OperatorTls);

    public GrpcChannel Agency(AgencyCode code) => Hub(code.Value, pki.AgencyTls(code));

    public GrpcChannel Dms(Uri node) =>
        _channels.GetOrAdd($"dms:{node}", _ => GrpcChannel.ForAddress(node, new GrpcChannelOptions { MaxReceiveMessageSize = PeerChannels.MaxMessageBytes }));

    private GrpcChannel Hub(string who, KeyFiles files) =>
        _channels.GetOrAdd($"hub:{who}", _ => PeerChannels.Create(
            hub, TlsCertificates.Load(new CertificateOptions { CertificatePath = files.CertificatePath, KeyPath = files.KeyPath }), _authenticator.Value));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
    }
}
