using DocAxis.Core;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Testing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Utilities.Collections;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace DocAxis.Crypto.Tests;

/// <summary>
/// The rules of RFC 5652 for a SignerInfo's signed attributes, which DocAxis checks itself since
/// the signature value is verified with OpenSSL rather than BouncyCastle; and signatures in every
/// allowed form made by OpenSSL's own <c>cms -sign</c>.
/// </summary>
[TestClass]
public sealed class SignerInfoRulesTests
{
    private static readonly byte[] Content = "the exact manifest bytes"u8.ToArray();
    private static TestAuthority s_ca = null!;
    private static string s_folder = null!;

    [ClassInitialize]
    public static void CreateAuthority(TestContext context)
    {
        s_ca = new TestAuthority();
        s_folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "docaxis-signerinfo-" + Guid.NewGuid().ToString("N"))).FullName;
    }

    [ClassCleanup]
    public static void RemoveFolder() => Directory.Delete(s_folder, recursive: true);

    [TestMethod]
    public void AContentTypeAttributeNamingAnotherTypeIsRefused()
    {
        var signature = SignWithAttributes(signed: new() { [CmsAttributes.ContentType] = new Attribute(CmsAttributes.ContentType, new DerSet(CmsObjectIdentifiers.SignedData)) });

        var refusal = Refused(signature);
        StringAssert.Contains(refusal.Message, "content-type");
    }

    [TestMethod]
    public void AMessageDigestAttributeWithTwoValuesIsRefused()
    {
        var digest = System.Security.Cryptography.SHA256.HashData(Content);
        var signature = SignWithAttributes(signed: new()
        {
            [CmsAttributes.MessageDigest] = new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(digest), new DerOctetString(new byte[32]))),
        });

        var refusal = Refused(signature);
        StringAssert.Contains(refusal.Message, "message-digest attribute must have exactly one value");
    }

    [TestMethod]
    public void AContentTypeAttributeAmongTheUnsignedOnesIsRefused()
    {
        var signature = SignWithAttributes(unsigned: new() { [CmsAttributes.ContentType] = new Attribute(CmsAttributes.ContentType, new DerSet(CmsObjectIdentifiers.Data)) });

        var refusal = Refused(signature);
        StringAssert.Contains(refusal.Message, "unsigned");
    }

    [TestMethod]
    [DataRow(KeySpec.Rsa2048, "SHA256WITHRSAANDMGF1", DisplayName = "RSA-2048, PSS, SHA-256")]
    [DataRow(KeySpec.EcP256, null, DisplayName = "ECDSA P-256, SHA-256")]
    [DataRow(KeySpec.EcP384, "SHA384WITHECDSA", DisplayName = "ECDSA P-384, SHA-384")]
    public void ACorruptedSignatureValueDoesNotVerifyInAnyForm(KeySpec key, string? algorithm)
    {
        var signature = DetachedSignature.Create(Content, s_ca.Signer(TestAuthority.Signing(key)), s_ca.Time.GetUtcNow(), algorithm);
        signature[^6] ^= 0x01;

        var refusal = Refused(signature);
        StringAssert.Contains(refusal.Message, "does not verify");
    }

    [TestMethod]
    [DataRow(KeySpec.Rsa2048, new string[0], DisplayName = "RSA-2048, PKCS#1 v1.5")]
    [DataRow(KeySpec.Rsa2048, new[] { "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:digest" }, DisplayName = "RSA-2048, PSS, salt as long as the hash")]
    [DataRow(KeySpec.Rsa2048, new[] { "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:20" }, DisplayName = "RSA-2048, PSS, 20-byte salt")]
    [DataRow(KeySpec.EcP256, new string[0], DisplayName = "ECDSA P-256")]
    public void SignaturesMadeByOpenSslVerifyAndFailOnAlteredBytes(KeySpec key, string[] options)
    {
        var signer = s_ca.Signer(TestAuthority.Signing(key));
        var name = $"{key}-{options.Length}-{Guid.NewGuid():N}";
        var certificatePath = Path.Combine(s_folder, name + ".crt");
        var keyPath = Path.Combine(s_folder, name + ".key");
        var contentPath = Path.Combine(s_folder, name + ".bin");
        var signaturePath = Path.Combine(s_folder, name + ".p7s");
        PemFiles.WriteCertificates(certificatePath, signer.Certificate);
        PemFiles.WritePrivateKey(keyPath, signer.PrivateKey);
        File.WriteAllBytes(contentPath, Content);

        var (exit, output) = OpenSsl.Run(
            ["cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-in", contentPath, "-signer", certificatePath, "-inkey", keyPath, "-out", signaturePath, .. options]);
        Assert.AreEqual(0, exit, output);
        var signature = File.ReadAllBytes(signaturePath);

        Assert.AreEqual(TestAuthority.Agency, s_ca.Verifier().Verify(Content, signature, "manifest").Identity);
        var altered = (byte[])Content.Clone();
        altered[0] ^= 0x01;
        var refusal = Assert.ThrowsExactly<RefusalException>(() => s_ca.Verifier().Verify(altered, signature, "manifest"));
        Assert.AreEqual(RefusalReason.SignatureInvalid, refusal.Reason);
    }

    [TestMethod]
    [DataRow(KeySpec.Rsa2048, null, DisplayName = "RSA-2048, PKCS#1 v1.5, SHA-256 (OpenSSL inside)")]
    [DataRow(KeySpec.Rsa2048, "SHA256WITHRSAANDMGF1", DisplayName = "RSA-2048, PSS, SHA-256 (BouncyCastle)")]
    [DataRow(KeySpec.EcP256, null, DisplayName = "ECDSA P-256, SHA-256 (OpenSSL inside)")]
    [DataRow(KeySpec.EcP384, "SHA384WITHECDSA", DisplayName = "ECDSA P-384, SHA-384 (OpenSSL inside)")]
    public void SignaturesDocAxisMakesVerifyWithOpenSslCms(KeySpec key, string? algorithm)
    {
        var signer = s_ca.Signer(TestAuthority.Signing(key));
        var name = $"{key}-{algorithm}-{Guid.NewGuid():N}";
        var anchorPath = Path.Combine(s_folder, name + ".ca.crt");
        var contentPath = Path.Combine(s_folder, name + ".bin");
        var signaturePath = Path.Combine(s_folder, name + ".p7s");
        PemFiles.WriteCertificates(anchorPath, s_ca.Root.Certificate);
        File.WriteAllBytes(contentPath, Content);
        File.WriteAllBytes(signaturePath, DetachedSignature.Create(Content, signer, s_ca.Time.GetUtcNow(), algorithm));

        var (exit, output) = OpenSsl.Run(
            "cms", "-verify", "-binary", "-inform", "DER", "-in", signaturePath, "-content", contentPath, "-CAfile", anchorPath, "-out", Path.Combine(s_folder, name + ".out"));
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "Verification successful");
    }

    private static RefusalException Refused(byte[] signature)
    {
        var refusal = Assert.ThrowsExactly<RefusalException>(() => s_ca.Verifier().Verify(Content, signature, "manifest"));
        Assert.AreEqual(RefusalReason.SignatureInvalid, refusal.Reason, refusal.Message);
        return refusal;
    }

    /// <summary>A detached RSA signature over <see cref="Content"/> with hand-picked attributes; the generator adds the ones not given.</summary>
    private static byte[] SignWithAttributes(Dictionary<DerObjectIdentifier, object>? signed = null, Dictionary<DerObjectIdentifier, object>? unsigned = null)
    {
        var credential = s_ca.Signer();
        var builder = new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(signed ?? [])));
        if (unsigned is not null)
        {
            builder = builder.WithUnsignedAttributeGenerator(new SimpleAttributeTableGenerator(new AttributeTable(unsigned)));
        }

        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(builder.Build(new Asn1SignatureFactory("SHA256WITHRSA", credential.PrivateKey), credential.Certificate));
        generator.AddCertificates(CollectionUtilities.CreateStore([credential.Certificate]));
        return generator.Generate(new CmsProcessableByteArray(Content), encapsulate: false).GetEncoded(Asn1Encodable.Der);
    }
}
