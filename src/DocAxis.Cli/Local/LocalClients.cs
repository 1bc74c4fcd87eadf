using System.Collections.Concurrent;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Tls;
using Grpc.Core;
using Grpc.Net.Client;

namespace DocAxis.Cli.Local;

/// <summary>Client channels into a loopback axis: as the operator or an agency to the hub (mutual TLS), or as a DMS to its node.</summary>
public sealed class LocalClients(PkiLayout pki, Uri hub) : IDisposable
{
    // Created on first use: the PKI is written after the deployment object exists.
    private readonly Lazy<PeerAuthenticator> _authenticator = new(() => PeerAuthenticator.Anchored([pki.TrustAnchorPath]));

    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new();

    public GrpcChannel Operator() => Hub("operator", pki.OperatorTls);

    public GrpcChannel Auditor() => Hub("auditor", pki.AuditorTls);

    public GrpcChannel Agency(AgencyCode code) => Hub(code.Value, pki.AgencyTls(code));

    /// <summary>A DMS's calls to its node, authenticated with its agency's token.</summary>
    public CallInvoker Dms(Uri node, string token) =>
        Letters.DmsClient.WithToken(
            _channels.GetOrAdd($"dms:{node}", _ => GrpcChannel.ForAddress(node, new GrpcChannelOptions { MaxReceiveMessageSize = PeerChannels.MaxMessageBytes })),
            token);

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
