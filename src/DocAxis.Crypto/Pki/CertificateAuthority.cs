using System.Net;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace DocAxis.Crypto.Pki;

/// <summary>
/// A development certification authority made with BouncyCastle. Production deployments use
/// certificates issued by the national CA instead; this exists so that a fresh machine, the demo
/// and the tests have a real PKI with real RSA keys and real X.509 extensions.
/// </summary>
public sealed class CertificateAuthority
{
    private static readonly SecureRandom Random = new();

    private readonly TimeProvider _time;

    public CertificateAuthority(IssuedCertificate root, TimeProvider time)
    {
        Root = root;
        _time = time;
    }

    public IssuedCertificate Root { get; }

    public X509Certificate Certificate => Root.Certificate;

    public static CertificateAuthority CreateRoot(string displayName, TimeProvider time, TimeSpan? lifetime = null, KeySpec key = KeySpec.Rsa2048)
    {
        var keys = GenerateKeyPair(key);
        var now = time.GetUtcNow();
        var name = Name(displayName, identity: null);
        var generator = NewGenerator(name, name, keys.Public, now.AddHours(-1), now + (lifetime ?? TimeSpan.FromDays(3650)));
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(keys.Public));
        var certificate = generator.Generate(new Asn1SignatureFactory(Signing.SigningCredential.DefaultAlgorithmFor(keys.Private), keys.Private, Random));
        return new CertificateAuthority(new IssuedCertificate(certificate, keys.Private), time);
    }

    public static CertificateAuthority Load(string certificatePath, string keyPath, TimeProvider time) =>
        new(new IssuedCertificate(PemFiles.ReadCertificate(certificatePath), PemFiles.ReadPrivateKey(keyPath)), time);

    public IssuedCertificate Issue(CertificateRequest request)
    {
        var keys = request.KeyPair ?? GenerateKeyPair(request.Key);
        var now = _time.GetUtcNow();
        var generator = NewGenerator(
            Certificate.SubjectDN,
            Name(request.DisplayName, request.Identity),
            keys.Public,
            request.NotBefore ?? now.AddHours(-1),
            request.NotAfter ?? now.AddDays(730));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(Certificate));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(keys.Public));
        AddProfileExtensions(generator, request.Profile);
        AddRevocationPointers(generator, request);
        var algorithm = request.IssuerSignatureAlgorithm ?? Signing.SigningCredential.DefaultAlgorithmFor(Root.PrivateKey);
        var certificate = generator.Generate(new Asn1SignatureFactory(algorithm, Root.PrivateKey, Random));
        return new IssuedCertificate(certificate, keys.Private);
    }

    /// <summary>An intermediate authority issued by this one (path length 0: it issues only end entities).</summary>
    public CertificateAuthority IssueIntermediate(string displayName, KeySpec key = KeySpec.Rsa2048) =>
        new(Issue(new CertificateRequest(displayName, displayName, CertificateProfile.Authority) { Key = key }), _time);

    private static void AddRevocationPointers(X509V3CertificateGenerator generator, CertificateRequest request)
    {
        if (request.CrlDistributionPoints.Count > 0)
        {
            var points = request.CrlDistributionPoints
                .Select(uri => new DistributionPoint(
                    new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, uri.ToString()))), null, null))
                .ToArray();
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint(points));
        }

        if (request.OcspResponder is { } ocsp)
        {
            generator.AddExtension(X509Extensions.AuthorityInfoAccess, false, new AuthorityInformationAccess(
                X509ObjectIdentifiers.IdADOcsp, new GeneralName(GeneralName.UniformResourceIdentifier, ocsp.ToString())));
        }
    }

    private static void AddProfileExtensions(X509V3CertificateGenerator generator, CertificateProfile profile)
    {
        switch (profile)
        {
            case CertificateProfile.Authority:
                generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(0));
                generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
                break;
            case CertificateProfile.TlsPeer:
                generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
                generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment));
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth));
                generator.AddExtension(X509Extensions.SubjectAlternativeName, false, LoopbackNames());
                break;
            case CertificateProfile.TlsClient:
                generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
                generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment));
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_clientAuth));
                break;
            case CertificateProfile.OcspResponder:
                generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
                generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_OCSPSigning));
                break;
            case CertificateProfile.Signing:
                generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
                generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(profile), profile, null);
        }
    }

    /// <summary>Development hosts listen on loopback; production certificates name the real host.</summary>
    private static GeneralNames LoopbackNames() => new(
    [
        new GeneralName(GeneralName.DnsName, "localhost"),
        new GeneralName(GeneralName.IPAddress, new DerOctetString(IPAddress.Loopback.GetAddressBytes())),
        new GeneralName(GeneralName.IPAddress, new DerOctetString(IPAddress.IPv6Loopback.GetAddressBytes())),
    ]);

    private static X509V3CertificateGenerator NewGenerator(
        X509Name issuer, X509Name subject, AsymmetricKeyParameter publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(127, Random).Add(BigInteger.One));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(publicKey);
        return generator;
    }

    private static X509Name Name(string displayName, string? identity)
    {
        var oids = new List<DerObjectIdentifier> { X509Name.C, X509Name.O, X509Name.CN };
        var values = new List<string> { "VN", displayName, displayName };
        if (identity is not null)
        {
            oids.Add(CertificateIdentity.Attribute);
            values.Add(identity);
        }

        return new X509Name(oids, values);
    }

    private static AsymmetricCipherKeyPair GenerateKeyPair(KeySpec key)
    {
        if (key is KeySpec.EcP256 or KeySpec.EcP384)
        {
            var ec = new ECKeyPairGenerator("EC");
            ec.Init(new ECKeyGenerationParameters(key == KeySpec.EcP256 ? X9ObjectIdentifiers.Prime256v1 : SecObjectIdentifiers.SecP384r1, Random));
            return ec.GenerateKeyPair();
        }

        var bits = key == KeySpec.Rsa3072 ? 3072 : 2048;
        var rsa = new RsaKeyPairGenerator();
        rsa.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(0x10001), Random, bits, 80));
        return rsa.GenerateKeyPair();
    }
}
