using System.CommandLine;
using DocAxis.Crypto.Pki;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Tls;
using Grpc.Net.Client;

namespace DocAxis.Cli.Commands;

/// <summary>How a command reaches the hub: its address, a client certificate and the CA to trust.</summary>
/// <param name="role">Which of a development PKI's identities <c>--pki</c> picks (the operator unless said).</param>
public sealed class HubConnection(Func<PkiLayout, KeyFiles>? role = null)
{
    private readonly Func<PkiLayout, KeyFiles> _role = role ?? (pki => pki.OperatorTls);

    public Option<string> Hub { get; } = new("--hub") { Description = "Address of the hub", DefaultValueFactory = _ => "https://127.0.0.1:7443" };

    public Option<string?> Pki { get; } = new("--pki") { Description = "A development PKI folder: uses its operator (or, for audit, auditor) certificate and root CA" };

    public Option<string?> Certificate { get; } = new("--cert") { Description = "Client certificate (PEM)" };

    public Option<string?> Key { get; } = new("--key") { Description = "Client private key (PEM)" };

    public Option<string?> Ca { get; } = new("--ca") { Description = "CA certificate(s) to trust (PEM file or folder)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Hub);
        command.Options.Add(Pki);
        command.Options.Add(Certificate);
        command.Options.Add(Key);
        command.Options.Add(Ca);
    }

    public GrpcChannel Open(ParseResult parse)
    {
        var pki = parse.GetValue(Pki) is { } folder ? new PkiLayout(Path.GetFullPath(folder)) : null;
        var identity = pki is null ? null : _role(pki);
        var certificate = parse.GetValue(Certificate) ?? identity?.CertificatePath;
        var key = parse.GetValue(Key) ?? identity?.KeyPath;
        var ca = parse.GetValue(Ca) ?? pki?.TrustAnchorPath;
        if (certificate is null || key is null || ca is null)
        {
            throw new InvalidDataException("Say how to authenticate to the hub: --pki DIR, or --cert, --key and --ca.");
        }

        var authenticator = PeerAuthenticator.Anchored([ca]);
        var client = TlsCertificates.Load(new CertificateOptions { CertificatePath = certificate, KeyPath = key });
        return PeerChannels.Create(new Uri(parse.GetValue(Hub)!), client, authenticator);
    }
}
