using DocAxis.Core;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Revocation;

/// <summary>
/// Checks every certificate of a validated path (all but the trust anchor) for revocation: OCSP
/// first where the certificate names a responder, then CRLs (configured files and distribution
/// points). A revoked certificate is refused; one whose status cannot be determined is refused
/// only in <see cref="RevocationMode.Require"/>.
/// </summary>
public sealed class RevocationChecker(RevocationOptions options, CrlStore crls, OcspClient ocsp, TimeProvider time)
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    public RevocationMode Mode => options.Mode;

    public CrlStore Crls => crls;

    /// <param name="path">The validated path, leaf first, trust anchor last.</param>
    /// <returns>The status of each checked certificate (in <see cref="RevocationMode.Prefer"/>, unknowns are among them).</returns>
    public async Task<IReadOnlyList<(X509Certificate Certificate, RevocationStatus Status)>> CheckAsync(
        IReadOnlyList<X509Certificate> path, CancellationToken cancellationToken)
    {
        if (options.Mode == RevocationMode.Off)
        {
            return [];
        }

        var results = new List<(X509Certificate, RevocationStatus)>();
        for (var i = 0; i < path.Count - 1; i++)
        {
            var status = await StatusAsync(path[i], path[i + 1], cancellationToken);
            var subject = CertificateIdentity.Describe(path[i]);
            var details = new Dictionary<string, string> { ["certificate"] = subject, ["serial"] = path[i].SerialNumber.ToString(16), ["source"] = status.Source };
            if (status.State == RevocationState.Revoked)
            {
                throw new RefusalException(
                    RefusalReason.CertificateRevoked,
                    $"Certificate \"{subject}\" was revoked on {status.RevokedAt:yyyy-MM-dd HH:mm:ss}Z{(status.Reason is null ? "" : $" ({status.Reason})")}, according to {status.Source}.",
                    details);
            }

            if (status.State == RevocationState.Unknown && options.Mode == RevocationMode.Require)
            {
                throw new RefusalException(
                    RefusalReason.RevocationUnknown,
                    $"Whether certificate \"{subject}\" is revoked cannot be determined now ({status.Why}); revocation checking is required, so try again later.",
                    details);
            }

            results.Add((path[i], status));
        }

        return results;
    }

    private async Task<RevocationStatus> StatusAsync(X509Certificate certificate, X509Certificate issuer, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        if (options.UseOcsp)
        {
            foreach (var responder in RevocationPointers.OcspResponders(certificate))
            {
                var answer = await ocsp.QueryAsync(certificate, issuer, responder, cancellationToken);
                if (answer.State != RevocationState.Unknown)
                {
                    return answer;
                }

                reasons.Add(answer.Why!);
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var crl in await crls.ForAsync(certificate, cancellationToken))
        {
            if (!crl.IssuerDN.Equivalent(issuer.SubjectDN) || !crl.IsSignatureValid(issuer.GetPublicKey()))
            {
                reasons.Add($"a CRL of \"{crl.IssuerDN}\" is not signed by the certificate's issuer");
                continue;
            }

            if (crl.ThisUpdate > now + Skew || crl.NextUpdate < now)
            {
                reasons.Add($"the CRL of \"{crl.IssuerDN}\" is not current (next update was {crl.NextUpdate:yyyy-MM-dd HH:mm}Z)");
                continue;
            }

            var entry = crl.GetRevokedCertificate(certificate.SerialNumber);
            var source = $"the CRL of \"{crl.IssuerDN}\" issued {crl.ThisUpdate:yyyy-MM-dd HH:mm}Z";
            return entry is null
                ? new RevocationStatus(RevocationState.Good, source)
                : new RevocationStatus(RevocationState.Revoked, source, new DateTimeOffset(entry.RevocationDate, TimeSpan.Zero), ReasonOf(entry));
        }

        return RevocationStatus.Unknown(reasons.Count == 0 ? "no OCSP responder or current CRL covers it" : string.Join("; ", reasons));
    }

    private static string? ReasonOf(X509CrlEntry entry)
    {
        var extension = entry.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.ReasonCode);
        if (extension is null)
        {
            return null;
        }

        var code = Org.BouncyCastle.Asn1.DerEnumerated.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(extension.GetOctets()));
        return RevocationReasons.Name(code.IntValueExact);
    }
}
