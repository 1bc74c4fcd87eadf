using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;

namespace DocAxis.Crypto.Signing;

/// <summary>
/// RSA PKCS#1 v1.5 and ECDSA signatures made by .NET's OpenSSL-backed keys inside BouncyCastle's
/// CMS structures, because BouncyCastle's managed private-key operations are many times slower
/// and the hub signs a receipt for every letter (docs/performance.md); the signatures are the same
/// bytes, so BouncyCastle still builds and encodes the CMS. Other algorithms (RSA-PSS) stay with
/// BouncyCastle.
/// </summary>
internal sealed class OpenSslSignatureFactory : ISignatureFactory
{
    // One key object per thread: .NET promises nothing about concurrent use of one instance.
    private readonly ThreadLocal<AsymmetricAlgorithm> _key;
    private readonly HashAlgorithmName _hash;

    private OpenSslSignatureFactory(AsymmetricKeyParameter key, string algorithm, HashAlgorithmName hash)
    {
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();
        _key = new ThreadLocal<AsymmetricAlgorithm>(() =>
        {
            AsymmetricAlgorithm created = key is RsaPrivateCrtKeyParameters ? RSA.Create() : ECDsa.Create();
            created.ImportPkcs8PrivateKey(pkcs8, out _);
            return created;
        });
        _hash = hash;
        AlgorithmDetails = new Asn1SignatureFactory(algorithm, key).AlgorithmDetails;
    }

    public object AlgorithmDetails { get; }

    /// <summary>The factory for an RSA or EC key and a PKCS#1 v1.5 or ECDSA algorithm name, or null for anything else (left to BouncyCastle).</summary>
    public static OpenSslSignatureFactory? For(AsymmetricKeyParameter key, string algorithm)
    {
        HashAlgorithmName? hash = (key, algorithm) switch
        {
            (RsaPrivateCrtKeyParameters, "SHA256WITHRSA") or (ECPrivateKeyParameters, "SHA256WITHECDSA") => HashAlgorithmName.SHA256,
            (RsaPrivateCrtKeyParameters, "SHA384WITHRSA") or (ECPrivateKeyParameters, "SHA384WITHECDSA") => HashAlgorithmName.SHA384,
            (RsaPrivateCrtKeyParameters, "SHA512WITHRSA") or (ECPrivateKeyParameters, "SHA512WITHECDSA") => HashAlgorithmName.SHA512,
            _ => null,
        };
        return hash is { } h ? new OpenSslSignatureFactory(key, algorithm, h) : null;
    }

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(_key.Value!, _hash);

    /// <summary>Collects the bytes BouncyCastle signs (the DER of the signed attributes: small) and signs them.</summary>
    private sealed class Calculator(AsymmetricAlgorithm key, HashAlgorithmName hash) : IStreamCalculator<IBlockResult>
    {
        private readonly MemoryStream _data = new();

        public Stream Stream => _data;

        // BouncyCastle closes the stream before asking for the result; ToArray still works then.
        public IBlockResult GetResult() => new SimpleBlockResult(key switch
        {
            RSA rsa => rsa.SignData(_data.ToArray(), hash, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.SignData(_data.ToArray(), hash, DSASignatureFormat.Rfc3279DerSequence),
            _ => throw new NotSupportedException($"No OpenSSL signing for {key.GetType().Name}."),
        });
    }
}
