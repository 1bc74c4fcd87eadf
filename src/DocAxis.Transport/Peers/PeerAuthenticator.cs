using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DocAxis.Core;
using DocAxis.Crypto;
using DocAxis.Crypto.Revocation;
using DocAxis.Crypto.Trust;
using DocAxis.Transport.Tls;

namespace DocAxis.Transport.Peers;

/// <summary>
/// Validates the certificates of TLS peers against the trust store with BouncyCastle, and checks
/// their revocation, for both sides of a connection. Results are cached briefly per certificate so
/// that a busy connection does not rebuild the same path for every call.
/// </summary>
public sealed class PeerAuthenticator(CertificateValidator validator, TimeProvider time, RevocationChecker? revocation = null)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string, CertificatePurpose), (PeerIdentity Peer, DateTimeOffset Until)> _cache = new();

    /// <summary>
    /// For a client that checks the servers it dials against these anchors alone, with no revocation
    /// lookups: the command line, the benchmark, tests. Hosts register theirs with revocation
    /// checking (TrustServices).
    /// </summary>
    public static PeerAuthenticator Anchored(IEnumerable<string> anchorPaths, IEnumerable<string>? intermediatePaths = null) =>
        new(new CertificateValidator(TrustStore.Load(anchorPaths, intermediatePaths ?? [])), TimeProvider.System);

    /// <summary>Validates a peer's certificate for a purpose; throws a refusal naming the certificate.</summary>
    public async Task<PeerIdentity> AuthenticateAsync(
        X509Certificate2? certificate, CertificatePurpose purpose, CancellationToken cancellationToken, IEnumerable<X509Certificate2>? supplied = null)
    {
        if (certificate is null)
        {
            throw new RefusalException(RefusalReason.AccessDenied, "The call carried no TLS client certificate; mutual TLS is required.");
        }

        var now = time.GetUtcNow();
        var key = (certificate.Thumbprint, purpose);
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Peer;
        }

        var extra = (supplied ?? []).Where(c => c.Thumbprint != certificate.Thumbprint).Select(c => c.RawData);
        var certified = await PeerCertificates.CertifyAsync(validator, revocation, certificate.RawData, extra, now, purpose, cancellationToken);
        var peer = new PeerIdentity(certified.Identity, certified.Agency, certified.Description);
        _cache[key] = (peer, now + CacheFor);
        return peer;
    }

    /// <summary>The client side's check of a server: valid for serverAuth, chains to our anchors, and names the host we dialed.</summary>
    public bool ValidateServer(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, out string? problem)
    {
        problem = null;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            problem = "the server presented no certificate";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problem = $"the server certificate \"{certificate.Subject}\" does not name the host that was dialed";
            return false;
        }

        try
        {
            var supplied = chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>() ?? [];
            // TLS validation callbacks are synchronous; revocation lookups are bounded by their fetch timeout.
            AuthenticateAsync(certificate as X509Certificate2 ?? new X509Certificate2(certificate), CertificatePurpose.TlsServer, CancellationToken.None, supplied)
                .GetAwaiter().GetResult();
            return true;
        }
        catch (RefusalException e)
        {
            problem = e.Message;
            return false;
        }
    }
}
