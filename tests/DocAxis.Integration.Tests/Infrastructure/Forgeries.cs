using DocAxis.Crypto.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Certificates a forger would make: well-formed, claiming an agency's identity, vouched for by nobody.</summary>
public static class Forgeries
{
    public static IssuedCertificate SelfSigned(string identity, string name)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(new SecureRandom(), 2048));
        var keys = generator.GenerateKeyPair();
        var subject = new X509Name([X509Name.C, X509Name.CN, X509Name.SerialNumber], ["VN", name, identity]);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var certificate = new X509V3CertificateGenerator();
        certificate.SetSerialNumber(BigInteger.ValueOf(now.Ticks));
        certificate.SetIssuerDN(subject);
        certificate.SetSubjectDN(subject);
        certificate.SetNotBefore(now.AddHours(-1));
        certificate.SetNotAfter(now.AddDays(30));
        certificate.SetPublicKey(keys.Public);
        certificate.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        return new IssuedCertificate(certificate.Generate(new Asn1SignatureFactory("SHA256WITHRSA", keys.Private)), keys.Private);
    }
}
