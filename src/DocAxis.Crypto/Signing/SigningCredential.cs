using System.Collections.Concurrent;
using DocAxis.Crypto.Pki;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
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
    }

    private readonly ConcurrentDictionary<string, ISignatureFactory> _factories = new(StringComparer.Ordinal);

    public X509Certificate Certificate { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public IReadOnlyList<X509Certificate> Chain { get; }

    /// <summary>The identity in the certificate subject: an agency code or e.g. "docaxis-hub".</summary>
    public string Identity { get; }

    /// <summary>The JCA-style algorithm name BouncyCastle signs with for this key.</summary>
    public string SignatureAlgorithm => DefaultAlgorithmFor(PrivateKey);

    /// <summary>SHA-256 with the key's own algorithm: what DocAxis signs with unless told otherwise.</summary>
    public static string DefaultAlgorithmFor(AsymmetricKeyParameter privateKey) => privateKey switch
    {
        RsaKeyParameters => "SHA256WITHRSA",
        ECPrivateKeyParameters => "SHA256WITHECDSA",
        _ => throw new NotSupportedException($"Unsupported signing key type {privateKey.GetType().Name}."),
    };

    /// <summary>What makes this credential's signatures, one per algorithm: OpenSSL for RSA PKCS#1 v1.5 and ECDSA, BouncyCastle otherwise.</summary>
    internal ISignatureFactory SignatureFactory(string? algorithm) =>
        _factories.GetOrAdd(
            algorithm ?? SignatureAlgorithm,
            name => OpenSslSignatureFactory.For(PrivateKey, name) ?? (ISignatureFactory)new Asn1SignatureFactory(name, PrivateKey));

    /// <summary>Loads a PEM certificate file (leaf first, then intermediates) and a PEM private key.</summary>
    public static SigningCredential Load(KeyFiles files)
    {
        var certificates = PemFiles.ReadCertificates(files.CertificatePath);
        return new SigningCredential(certificates[0], PemFiles.ReadPrivateKey(files.KeyPath), [.. certificates.Skip(1)]);
    }
}
