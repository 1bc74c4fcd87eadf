using DocAxis.Core;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Revocation;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;

using DocAxis.Testing;

namespace DocAxis.Crypto.Tests;

/// <summary>
/// Revocation against data made by OpenSSL: CRLs from `openssl ca`, read from a file or fetched from
/// the distribution point a certificate names, and a real `openssl ocsp` responder on loopback.
/// </summary>
[TestClass]
public sealed class RevocationTests
{
    private static readonly byte[] Content = "letter"u8.ToArray();
    private static string s_folder = null!;
    private static TestAuthority s_ca = null!;
    private static OpenSslCa s_openssl = null!;
    private static CrlServer s_crl = null!;
    private static OcspResponder s_ocsp = null!;
    private static Issued s_good = null!;
    private static Issued s_revoked = null!;
    private static Issued s_unreachable = null!;

    [ClassInitialize]
    public static void CreateRevocationData(TestContext context)
    {
        s_folder = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"revocation-{Guid.NewGuid().ToString("N")[..8]}");
        s_ca = new TestAuthority();
        s_openssl = new OpenSslCa(s_folder, s_ca.Root);
        s_crl = new CrlServer(s_openssl.CrlDerPath);
        var ocspPort = CrlServer.FreePort();
        var pointers = TestAuthority.Signing() with { CrlDistributionPoints = [s_crl.Url], OcspResponder = new Uri($"http://127.0.0.1:{ocspPort}") };
        var closed = CrlServer.FreePort();
        s_good = Issue("good", pointers);
        s_revoked = Issue("revoked", pointers);
        s_unreachable = Issue("unreachable", TestAuthority.Signing() with
        {
            CrlDistributionPoints = [new Uri($"http://127.0.0.1:{closed}/ca.crl")], OcspResponder = new Uri($"http://127.0.0.1:{closed}"),
        });
        s_openssl.Revoke(s_revoked.Path, "keyCompromise");
        s_openssl.PublishCrl();
        s_ocsp = new OcspResponder(s_openssl, ocspPort);
    }

    [ClassCleanup]
    public static void StopServers()
    {
        s_ocsp.Dispose();
        s_crl.Dispose();
        Directory.Delete(s_folder, recursive: true);
    }

    [TestMethod]
    public async Task ACrlFileFromOpenSslCaRefusesTheRevokedSignerNamingWhenAndWhy()
    {
        var verifier = Verifier(new RevocationOptions { Mode = RevocationMode.Require, CrlFiles = [s_openssl.CrlPemPath], FetchCrlDistributionPoints = false, UseOcsp = false });

        await verifier.VerifyAsync(Content, Sign(s_good), "manifest", CancellationToken.None);
        var refusal = await Refused(verifier, s_revoked, RefusalReason.CertificateRevoked);

        StringAssert.Contains(refusal.Message, "was revoked on");
        StringAssert.Contains(refusal.Message, "keyCompromise");
        StringAssert.Contains(refusal.Details["source"], "CRL");
    }

    [TestMethod]
    public async Task TheCrlAtTheDistributionPointIsFetchedOnceAndCached()
    {
        var options = new RevocationOptions { Mode = RevocationMode.Require, UseOcsp = false };
        var (verifier, checker) = VerifierWithChecker(options);

        await verifier.VerifyAsync(Content, Sign(s_good), "manifest", CancellationToken.None);
        await verifier.VerifyAsync(Content, Sign(s_good), "manifest", CancellationToken.None);
        await Refused(verifier, s_revoked, RefusalReason.CertificateRevoked);

        Assert.AreEqual(1, checker.Crls.Downloads);
    }

    [TestMethod]
    public async Task TheOcspResponderRefusesTheRevokedSigner()
    {
        var verifier = Verifier(new RevocationOptions { Mode = RevocationMode.Require, FetchCrlDistributionPoints = false });

        await verifier.VerifyAsync(Content, Sign(s_good), "manifest", CancellationToken.None);
        var refusal = await Refused(verifier, s_revoked, RefusalReason.CertificateRevoked);

        StringAssert.Contains(refusal.Details["source"], "OCSP");
        StringAssert.Contains(refusal.Message, "keyCompromise");
    }

    [TestMethod]
    public async Task AnUndeterminableStatusIsRefusedOnlyWhenRevocationIsRequired()
    {
        var fast = TimeSpan.FromSeconds(2);
        var required = Verifier(new RevocationOptions { Mode = RevocationMode.Require, FetchTimeout = fast });
        var preferred = Verifier(new RevocationOptions { Mode = RevocationMode.Prefer, FetchTimeout = fast });
        var off = Verifier(new RevocationOptions { Mode = RevocationMode.Off });

        var refusal = await Refused(required, s_unreachable, RefusalReason.RevocationUnknown);
        StringAssert.Contains(refusal.Message, "cannot be determined");
        await preferred.VerifyAsync(Content, Sign(s_unreachable), "manifest", CancellationToken.None);
        await off.VerifyAsync(Content, Sign(s_unreachable), "manifest", CancellationToken.None);
    }

    [TestMethod]
    public async Task ARefreshPicksUpARevocationMadeAfterTheCrlWasCached()
    {
        var late = Issue("late", TestAuthority.Signing() with { CrlDistributionPoints = [s_crl.Url] });
        s_openssl.PublishCrl();
        var (verifier, checker) = VerifierWithChecker(new RevocationOptions { Mode = RevocationMode.Require, UseOcsp = false });
        await verifier.VerifyAsync(Content, Sign(late), "manifest", CancellationToken.None);

        s_openssl.Revoke(late.Path, "superseded");
        s_openssl.PublishCrl();
        await verifier.VerifyAsync(Content, Sign(late), "manifest", CancellationToken.None);
        await checker.Crls.RefreshAsync(CancellationToken.None);

        var refusal = await Refused(verifier, late, RefusalReason.CertificateRevoked);
        StringAssert.Contains(refusal.Message, "superseded");
    }

    [TestMethod]
    public async Task ARevokedTlsClientIsRefused()
    {
        var tls = s_ca.Root.Issue(new CertificateRequest(TestAuthority.Agency, "TLS", CertificateProfile.TlsClient) { CrlDistributionPoints = [s_crl.Url] });
        var path = s_openssl.Record(tls, "tls-revoked");
        s_openssl.Revoke(path);
        s_openssl.PublishCrl();
        var (_, checker) = VerifierWithChecker(new RevocationOptions { Mode = RevocationMode.Require, UseOcsp = false });
        var validator = new CertificateValidator(s_ca.Trust());

        var chain = validator.Validate(tls.Certificate, [], s_ca.Time.GetUtcNow(), CertificatePurpose.TlsClient);
        var refusal = await Assert.ThrowsExactlyAsync<RefusalException>(() => checker.CheckAsync(chain, CancellationToken.None));

        Assert.AreEqual(RefusalReason.CertificateRevoked, refusal.Reason);
    }

    private static Issued Issue(string name, CertificateRequest request)
    {
        var issued = s_ca.Root.Issue(request);
        return new Issued(new SigningCredential(issued.Certificate, issued.PrivateKey, []), s_openssl.Record(issued, name));
    }

    private static byte[] Sign(Issued issued) => DetachedSignature.Create(Content, issued.Credential, s_ca.Time.GetUtcNow());

    private static SignatureVerifier Verifier(RevocationOptions options) => VerifierWithChecker(options).Verifier;

    private static (SignatureVerifier Verifier, RevocationChecker Checker) VerifierWithChecker(RevocationOptions options)
    {
        var http = new HttpClient();
        var checker = new RevocationChecker(options, new CrlStore(options, http, s_ca.Time), new OcspClient(options, http, s_ca.Time), s_ca.Time);
        return (new SignatureVerifier(new CertificateValidator(s_ca.Trust()), s_ca.Time, TimeSpan.FromMinutes(5), checker), checker);
    }

    private static async Task<RefusalException> Refused(SignatureVerifier verifier, Issued issued, RefusalReason reason)
    {
        var refusal = await Assert.ThrowsExactlyAsync<RefusalException>(() => verifier.VerifyAsync(Content, Sign(issued), "manifest", CancellationToken.None));
        Assert.AreEqual(reason, refusal.Reason, refusal.Message);
        StringAssert.Contains(refusal.Details["certificate"], TestAuthority.Agency);
        return refusal;
    }

    private sealed record Issued(SigningCredential Credential, string Path);
}
