using DocAxis.Crypto.Pki;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Signing;

/// <summary>A signing certificate, its private key and the intermediates to send along with signatures.</summary>
public sealed class SigningCredential
{
    public SigningCredential(X509Certificate certificate, AsymmetricKeyParameter privateKey, IReadOnlyList<X509Certificate> chain)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        Chain = chain;
        Identity = CertificateIdentity.Of(certificate)
            ?? throw new InvalidDataException($"Signing certificate \"{CertificateIdentity.Describe(certificate)}\" has no serialNumber identity attribute.");
        _openSsl = new Lazy<OpenSslRsaSignatureFactory?>(() => OpenSslRsaSignatureFactory.For(privateKey, SignatureAlgorithm));
    }

    private readonly Lazy<OpenSslRsaSignatureFactory?> _openSsl;

    public X509Certificate Certificate { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public IReadOnlyList<X509Certificate> Chain { get; }

    /// <summary>The identity in the certificate subject: an agency code or e.g. "docaxis-hub".</summary>
    public string Identity { get; }

    /// <summary>The JCA-style algorithm name BouncyCastle signs with for this key.</summary>
    public string SignatureAlgorithm => PrivateKey switch
    {
        RsaKeyParameters => "SHA256WITHRSA",
        ECPrivateKeyParameters => "SHA256WITHECDSA",
        _ => throw new NotSupportedException($"Unsupported signing key type {PrivateKey.GetType().Name}."),
    };

    /// <summary>What makes this credential's signatures: OpenSSL for RSA PKCS#1 v1.5, BouncyCastle otherwise.</summary>
    internal Org.BouncyCastle.Crypto.ISignatureFactory SignatureFactory(string? algorithm)
    {
        var name = algorithm ?? SignatureAlgorithm;
        if (name == SignatureAlgorithm && _openSsl.Value is { } fast)
        {
            return fast;
        }

        return OpenSslRsaSignatureFactory.For(PrivateKey, name) ?? (Org.BouncyCastle.Crypto.ISignatureFactory)new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory(name, PrivateKey);
    }

    /// <summary>Loads a PEM certificate file (leaf first, then intermediates) and a PEM private key.</summary>
    public static SigningCredential Load(KeyFiles files)
    {
        var certificates = PemFiles.ReadCertificates(files.CertificatePath);
        return new SigningCredential(certificates[0], PemFiles.ReadPrivateKey(files.KeyPath), [.. certificates.Skip(1)]);
    }
}
