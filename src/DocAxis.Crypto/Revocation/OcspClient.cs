using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Revocation;

/// <summary>
/// Asks a certificate's OCSP responder (RFC 6960) with BouncyCastle, and believes the answer only if
/// it is signed by the issuer or by a responder the issuer delegated to, is about this
/// certificate, echoes our nonce when the responder supports nonces, and is current.
/// </summary>
public sealed class OcspClient(RevocationOptions options, HttpClient http, TimeProvider time)
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<(string, string), (RevocationStatus Status, DateTimeOffset Until)> _cache = new();

    public async Task<RevocationStatus> QueryAsync(X509Certificate certificate, X509Certificate issuer, Uri responder, CancellationToken cancellationToken)
    {
        var key = (responder.ToString(), $"{issuer.SubjectDN}/{certificate.SerialNumber}");
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Status;
        }

        var status = await AskAsync(certificate, issuer, responder, cancellationToken);
        if (status.State != RevocationState.Unknown)
        {
            _cache[key] = (status, now + options.OcspCacheDuration);
        }

        return status;
    }

    private async Task<RevocationStatus> AskAsync(X509Certificate certificate, X509Certificate issuer, Uri responder, CancellationToken cancellationToken)
    {
        var id = new CertificateID(CertificateID.DigestSha1, issuer, certificate.SerialNumber);
        var nonce = SecureRandom.GetNextBytes(new SecureRandom(), 16);
        var generator = new OcspReqGenerator();
        generator.AddRequest(id);
        generator.SetRequestExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, X509Extension>
        {
            [OcspObjectIdentifiers.PkixOcspNonce] = new(false, new DerOctetString(new DerOctetString(nonce))),
        }));

        byte[] answer;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.FetchTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, responder)
                {
                    Content = new ByteArrayContent(generator.Generate().GetEncoded()),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
                // Many responders (openssl ocsp among them) answer one request per connection.
                request.Headers.ConnectionClose = true;
                using var response = await http.SendAsync(request, timeout.Token);
                response.EnsureSuccessStatusCode();
                answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                return RevocationStatus.Unknown($"OCSP responder {responder} did not answer: {e.Message}");
            }
        }

        return Interpret(answer, id, issuer, nonce, responder);
    }

    private RevocationStatus Interpret(byte[] answer, CertificateID id, X509Certificate issuer, byte[] nonce, Uri responder)
    {
        try
        {
            var response = new OcspResp(answer);
            if (response.Status != OcspRespStatus.Successful || response.GetResponseObject() is not BasicOcspResp basic)
            {
                return RevocationStatus.Unknown($"OCSP responder {responder} answered with status {response.Status}.");
            }

            if (!IsSignedForIssuer(basic, issuer))
            {
                return RevocationStatus.Unknown($"The answer of OCSP responder {responder} is not signed by the issuer or a responder it delegated to.");
            }

            var echoed = basic.ResponseExtensions?.GetExtension(OcspObjectIdentifiers.PkixOcspNonce);
            if (echoed is not null && !Asn1OctetString.GetInstance(echoed.GetParsedValue()).GetOctets().SequenceEqual(nonce))
            {
                return RevocationStatus.Unknown($"The answer of OCSP responder {responder} is for another request (nonce mismatch).");
            }

            var single = basic.Responses.FirstOrDefault(r => r.GetCertID().Equals(id));
            var now = time.GetUtcNow().UtcDateTime;
            if (single is null || single.ThisUpdate > now + Skew || single.NextUpdate < now)
            {
                return RevocationStatus.Unknown($"OCSP responder {responder} gave no current answer for this certificate.");
            }

            return single.GetCertStatus() switch
            {
                null => new RevocationStatus(RevocationState.Good, $"OCSP {responder}"),
                RevokedStatus revoked => new RevocationStatus(
                    RevocationState.Revoked, $"OCSP {responder}", new DateTimeOffset(revoked.RevocationTime, TimeSpan.Zero),
                    revoked.HasRevocationReason ? RevocationReasons.Name(revoked.RevocationReason) : null),
                _ => RevocationStatus.Unknown($"OCSP responder {responder} does not know this certificate."),
            };
        }
        catch (Exception e) when (e is OcspException or IOException or ArgumentException or InvalidCastException)
        {
            return RevocationStatus.Unknown($"The answer of OCSP responder {responder} could not be read: {e.Message}");
        }
    }

    private static bool IsSignedForIssuer(BasicOcspResp basic, X509Certificate issuer)
    {
        if (basic.Verify(issuer.GetPublicKey()))
        {
            return true;
        }

        // A delegated responder: issued by the same CA, for OCSP signing only.
        return basic.GetCerts().Any(responder =>
            responder.IssuerDN.Equivalent(issuer.SubjectDN)
            && responder.IsSignatureValid(issuer.GetPublicKey())
            && responder.GetExtendedKeyUsage()?.Contains(KeyPurposeID.id_kp_OCSPSigning) == true
            && basic.Verify(responder.GetPublicKey()));
    }
}
