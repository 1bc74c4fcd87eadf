using DocAxis.Core;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;

namespace DocAxis.Crypto.Tests;

/// <summary>Path building and validation: anchors, intermediates, validity, constraints.</summary>
[TestClass]
public sealed class CertificatePathTests
{
    private static readonly byte[] Content = "letter"u8.ToArray();
    private static TestAuthority s_ca = null!;

    [ClassInitialize]
    public static void CreateAuthority(TestContext context) => s_ca = new TestAuthority();

    [TestMethod]
    public void ASignerUnderAnIntermediateCarriedInTheSignatureVerifies()
    {
        var intermediate = s_ca.Root.IssueIntermediate("Test Issuing CA");
        var signer = s_ca.Signer(issuer: intermediate);

        var verified = s_ca.Verifier().Verify(Content, DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow()), "manifest");

        Assert.AreEqual(TestAuthority.Agency, verified.Identity);
    }

    [TestMethod]
    public void ASignerUnderAnIntermediateFromTheTrustStoreVerifies()
    {
        var intermediate = s_ca.Root.IssueIntermediate("Test Issuing CA");
        var issued = intermediate.Issue(TestAuthority.Signing());
        var signer = new SigningCredential(issued.Certificate, issued.PrivateKey, []);

        var verified = s_ca.Verifier(null, intermediate).Verify(Content, DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow()), "manifest");

        Assert.AreEqual(TestAuthority.Agency, verified.Identity);
    }

    [TestMethod]
    public void AnIntermediateBeyondItsPathLengthIsRefused()
    {
        var first = s_ca.Root.IssueIntermediate("Level 1 CA");
        var second = first.IssueIntermediate("Level 2 CA");
        var issued = second.Issue(TestAuthority.Signing());
        var signer = new SigningCredential(issued.Certificate, issued.PrivateKey, [second.Certificate, first.Certificate]);

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow()), "manifest"));

        StringAssert.Contains(refusal.Message, "path");
    }

    [TestMethod]
    public void AnExpiredSignerIsRefused()
    {
        var now = s_ca.Time.GetUtcNow();
        var signer = s_ca.Signer(TestAuthority.Signing() with { NotBefore = now.AddYears(-2), NotAfter = now.AddDays(-1) });

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, DetachedSignature.Create(Content, signer, now), "manifest"));

        StringAssert.Contains(refusal.Message, "is not valid at");
        StringAssert.Contains(refusal.Details["certificate"], TestAuthority.Agency);
    }

    [TestMethod]
    public void ANotYetValidSignerIsRefused()
    {
        var now = s_ca.Time.GetUtcNow();
        var signer = s_ca.Signer(TestAuthority.Signing() with { NotBefore = now.AddDays(1), NotAfter = now.AddYears(1) });

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, DetachedSignature.Create(Content, signer, now), "manifest"));

        StringAssert.Contains(refusal.Message, "is not valid at");
    }

    [TestMethod]
    public void ASignerFromAnotherRootIsRefused()
    {
        var stranger = CertificateAuthority.CreateRoot("Stranger Root CA", TimeProvider.System);
        var issued = stranger.Issue(TestAuthority.Signing());
        var signer = new SigningCredential(issued.Certificate, issued.PrivateKey, []);

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow()), "manifest"));

        StringAssert.Contains(refusal.Message, "does not chain to a trusted anchor");
        StringAssert.Contains(refusal.Message, "Stranger Root CA");
    }

    [TestMethod]
    public void ASelfSignedSignerIsRefused()
    {
        var self = CertificateAuthority.CreateRoot("Văn phòng Chính phủ (self-signed)", TimeProvider.System);
        var signer = new SigningCredential(WithIdentity(self), self.Root.PrivateKey, []);

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow()), "manifest"));

        StringAssert.Contains(refusal.Message, "self-signed");
    }

    [TestMethod]
    public void TheTrustAnchorItselfCannotSign()
    {
        var anchor = new SigningCredential(WithIdentity(s_ca.Root), s_ca.Root.Root.PrivateKey, []);

        Refused(() => s_ca.Verifier().Verify(Content, DetachedSignature.Create(Content, anchor, s_ca.Time.GetUtcNow()), "manifest"));
    }

    [TestMethod]
    public void TlsPurposesAreChecked()
    {
        var validator = new CertificateValidator(s_ca.Trust());
        var client = s_ca.Root.Issue(new CertificateRequest(TestAuthority.Agency, "client", CertificateProfile.TlsClient)).Certificate;
        var peer = s_ca.Root.Issue(new CertificateRequest(TestAuthority.Agency, "peer", CertificateProfile.TlsPeer)).Certificate;

        validator.Validate(client, [], s_ca.Time.GetUtcNow(), CertificatePurpose.TlsClient);
        validator.Validate(peer, [], s_ca.Time.GetUtcNow(), CertificatePurpose.TlsServer);
        var refusal = Assert.ThrowsExactly<RefusalException>(() => validator.Validate(client, [], s_ca.Time.GetUtcNow(), CertificatePurpose.TlsServer));
        StringAssert.Contains(refusal.Message, "serverAuth");
    }

    /// <summary>A self-signed certificate that claims an agency's identity, as a forger would make it.</summary>
    private static Org.BouncyCastle.X509.X509Certificate WithIdentity(CertificateAuthority self)
    {
        var generator = new Org.BouncyCastle.X509.X509V3CertificateGenerator();
        var name = new Org.BouncyCastle.Asn1.X509.X509Name(
            [Org.BouncyCastle.Asn1.X509.X509Name.CN, Org.BouncyCastle.Asn1.X509.X509Name.SerialNumber], ["Forged", TestAuthority.Agency]);
        generator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(7));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1));
        generator.SetNotAfter(TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(30));
        generator.SetPublicKey(self.Certificate.GetPublicKey());
        return generator.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHRSA", self.Root.PrivateKey));
    }

    private static RefusalException Refused(Action action)
    {
        var refusal = Assert.ThrowsExactly<RefusalException>(action);
        Assert.AreEqual(RefusalReason.CertificateUntrusted, refusal.Reason, refusal.Message);
        return refusal;
    }
}
