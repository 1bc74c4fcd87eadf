using DocAxis.Core;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Testing;

namespace DocAxis.Crypto.Tests;

/// <summary>Detached CMS signatures made and checked with BouncyCastle, and the algorithm policy.</summary>
[TestClass]
public sealed class SignatureVerifierTests
{
    private static readonly byte[] Content = "the exact manifest bytes"u8.ToArray();
    private static TestAuthority s_ca = null!;

    [ClassInitialize]
    public static void CreateAuthority(TestContext context) => s_ca = new TestAuthority();

    [TestMethod]
    [DataRow(KeySpec.Rsa2048, null, DisplayName = "RSA-2048, PKCS#1 v1.5, SHA-256")]
    [DataRow(KeySpec.Rsa3072, "SHA384WITHRSA", DisplayName = "RSA-3072, PKCS#1 v1.5, SHA-384")]
    [DataRow(KeySpec.Rsa2048, "SHA256WITHRSAANDMGF1", DisplayName = "RSA-2048, PSS, SHA-256")]
    [DataRow(KeySpec.Rsa2048, "SHA512WITHRSAANDMGF1", DisplayName = "RSA-2048, PSS, SHA-512")]
    [DataRow(KeySpec.EcP256, null, DisplayName = "ECDSA P-256, SHA-256")]
    [DataRow(KeySpec.EcP384, "SHA384WITHECDSA", DisplayName = "ECDSA P-384, SHA-384")]
    public void AllowedAlgorithmsVerify(KeySpec key, string? algorithm)
    {
        var signer = s_ca.Signer(TestAuthority.Signing(key));
        var signature = DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow(), algorithm);

        var verified = s_ca.Verifier().Verify(Content, signature, "manifest");

        Assert.AreEqual(TestAuthority.Agency, verified.Identity);
    }

    [TestMethod]
    [DataRow("SHA1WITHRSA", "SHA-1")]
    [DataRow("MD5WITHRSA", "MD5")]
    public void WeakDigestsAreRefusedNamingTheAlgorithm(string algorithm, string named)
    {
        var signature = DetachedSignature.Create(Content, s_ca.Signer(), s_ca.Time.GetUtcNow(), algorithm);

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, signature, "manifest"), RefusalReason.AlgorithmNotAllowed);

        StringAssert.Contains(refusal.Message, named);
        StringAssert.Contains(refusal.Details["algorithm"], named);
    }

    [TestMethod]
    public void AShortRsaKeyIsRefused()
    {
        var signer = s_ca.Signer(TestAuthority.Signing() with { KeyPair = WeakKeys.Rsa1024() });
        var signature = DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow());

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, signature, "manifest"), RefusalReason.AlgorithmNotAllowed);

        Assert.AreEqual("RSA-1024", refusal.Details["algorithm"]);
    }

    [TestMethod]
    public void ACertificateIssuedWithSha1IsRefused()
    {
        var signer = s_ca.Signer(TestAuthority.Signing() with { IssuerSignatureAlgorithm = "SHA1WITHRSA" });
        var signature = DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow());

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, signature, "manifest"), RefusalReason.AlgorithmNotAllowed);

        StringAssert.Contains(refusal.Message, "SHA-1");
    }

    [TestMethod]
    public void AlteredBytesDoNotVerify()
    {
        var signature = DetachedSignature.Create(Content, s_ca.Signer(), s_ca.Time.GetUtcNow());
        var altered = (byte[])Content.Clone();
        altered[3] ^= 0x20;

        Refused(() => s_ca.Verifier().Verify(altered, signature, "manifest"), RefusalReason.SignatureInvalid);
    }

    [TestMethod]
    public void ACorruptedSignatureValueDoesNotVerify()
    {
        var signature = DetachedSignature.Create(Content, s_ca.Signer(), s_ca.Time.GetUtcNow());
        signature[^10] ^= 0x01;

        Refused(() => s_ca.Verifier().Verify(Content, signature, "manifest"), RefusalReason.SignatureInvalid);
    }

    [TestMethod]
    public void BytesThatAreNotCmsAreRefused()
    {
        var refusal = Refused(() => s_ca.Verifier().Verify(Content, [0x30, 0x03, 0x02, 0x01, 0x00], "manifest"), RefusalReason.SignatureInvalid);
        StringAssert.Contains(refusal.Message, "CMS");
    }

    [TestMethod]
    public void ASigningTimeInTheFutureIsRefused()
    {
        var signature = DetachedSignature.Create(Content, s_ca.Signer(), s_ca.Time.GetUtcNow().AddMinutes(30));

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, signature, "manifest"), RefusalReason.SignatureInvalid);
        StringAssert.Contains(refusal.Message, "future");
    }

    [TestMethod]
    public void ASignerWhoseKeyUsageForbidsSigningIsRefused()
    {
        var encipherOnly = s_ca.IssueWithKeyUsage(Org.BouncyCastle.Asn1.X509.KeyUsage.KeyEncipherment);
        var signature = DetachedSignature.Create(Content, encipherOnly, s_ca.Time.GetUtcNow());

        var refusal = Refused(() => s_ca.Verifier().Verify(Content, signature, "manifest"), RefusalReason.CertificateUntrusted);

        StringAssert.Contains(refusal.Message, "nonRepudiation");
    }

    [TestMethod]
    public void DigitalSignatureAloneIsEnoughToSign()
    {
        var signer = s_ca.IssueWithKeyUsage(Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature);
        var signature = DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow());

        Assert.AreEqual(TestAuthority.Agency, s_ca.Verifier().Verify(Content, signature, "manifest").Identity);
    }

    private static RefusalException Refused(Action action, RefusalReason reason)
    {
        var refusal = Assert.ThrowsExactly<RefusalException>(action);
        Assert.AreEqual(reason, refusal.Reason, refusal.Message);
        return refusal;
    }
}
