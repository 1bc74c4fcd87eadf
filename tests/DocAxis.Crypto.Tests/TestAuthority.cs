using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;

namespace DocAxis.Crypto.Tests;

/// <summary>A trusted root CA for one test class, with helpers to issue and sign as an agency.</summary>
public sealed class TestAuthority
{
    public const string Agency = "000.00.00.G22";

    public TestAuthority(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Root = CertificateAuthority.CreateRoot("Test Root CA", Time);
    }

    public TimeProvider Time { get; }

    public CertificateAuthority Root { get; }

    public TrustStore Trust(params CertificateAuthority[] intermediates) =>
        new([Root.Certificate], [.. intermediates.Select(i => i.Certificate)]);

    public SignatureVerifier Verifier(TimeProvider? clock = null, params CertificateAuthority[] intermediates) =>
        new(new CertificateValidator(Trust(intermediates)), clock ?? Time, TimeSpan.FromMinutes(5));

    public SigningCredential Signer(CertificateRequest? request = null, CertificateAuthority? issuer = null)
    {
        var issued = (issuer ?? Root).Issue(request ?? new CertificateRequest(Agency, "Văn phòng Chính phủ", CertificateProfile.Signing));
        IReadOnlyList<Org.BouncyCastle.X509.X509Certificate> chain = issuer is null ? [] : [issuer.Certificate];
        return new SigningCredential(issued.Certificate, issued.PrivateKey, chain);
    }

    /// <summary>An agency certificate with exactly the given key usage bits, built by hand.</summary>
    public SigningCredential IssueWithKeyUsage(int keyUsage)
    {
        var keys = new Org.BouncyCastle.Crypto.Generators.RsaKeyPairGenerator();
        keys.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(new Org.BouncyCastle.Security.SecureRandom(), 2048));
        var pair = keys.GenerateKeyPair();
        var now = Time.GetUtcNow().UtcDateTime;
        var generator = new Org.BouncyCastle.X509.X509V3CertificateGenerator();
        generator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(now.Ticks));
        generator.SetIssuerDN(Root.Certificate.SubjectDN);
        generator.SetSubjectDN(new Org.BouncyCastle.Asn1.X509.X509Name(
            [Org.BouncyCastle.Asn1.X509.X509Name.CN, Org.BouncyCastle.Asn1.X509.X509Name.SerialNumber], ["Key usage test", Agency]));
        generator.SetNotBefore(now.AddHours(-1));
        generator.SetNotAfter(now.AddDays(30));
        generator.SetPublicKey(pair.Public);
        generator.AddExtension(Org.BouncyCastle.Asn1.X509.X509Extensions.KeyUsage, true, new Org.BouncyCastle.Asn1.X509.KeyUsage(keyUsage));
        var certificate = generator.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHRSA", Root.Root.PrivateKey));
        return new SigningCredential(certificate, pair.Private, []);
    }

    public static CertificateRequest Signing(KeySpec key = KeySpec.Rsa2048) =>
        new(Agency, "Văn phòng Chính phủ", CertificateProfile.Signing) { Key = key };
}
