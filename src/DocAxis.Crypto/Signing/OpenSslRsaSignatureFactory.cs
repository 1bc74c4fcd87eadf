using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace DocAxis.Crypto.Signing;

/// <summary>
/// RSA PKCS#1 v1.5 signatures made by .NET's OpenSSL-backed RSA inside BouncyCastle's CMS
/// structures. BouncyCastle's managed RSA private-key operation took a third of the hub's CPU (one
/// per acceptance receipt, perf on docaxis bench); OpenSSL's is many times faster and its
/// signatures are the same bytes, so BouncyCastle still builds and encodes the CMS, and verifies.
/// </summary>
internal sealed class OpenSslRsaSignatureFactory : ISignatureFactory
{
    private readonly ThreadLocal<RSA> _rsa;
    private readonly HashAlgorithmName _hash;

    private OpenSslRsaSignatureFactory(RsaPrivateCrtKeyParameters key, string algorithm, HashAlgorithmName hash)
    {
        // One RSA object per thread: .NET promises nothing about concurrent use of one instance.
        var parameters = DotNetUtilities.ToRSAParameters(key);
        _rsa = new ThreadLocal<RSA>(() =>
        {
            var rsa = RSA.Create();
            rsa.ImportParameters(parameters);
            return rsa;
        });
        _hash = hash;
        AlgorithmDetails = new Asn1SignatureFactory(algorithm, key).AlgorithmDetails;
    }

    public object AlgorithmDetails { get; }

    /// <summary>The factory for an RSA key and a PKCS#1 v1.5 algorithm name, or null for anything else (left to BouncyCastle).</summary>
    public static OpenSslRsaSignatureFactory? For(AsymmetricKeyParameter key, string algorithm)
    {
        HashAlgorithmName? hash = algorithm switch
        {
            "SHA256WITHRSA" => HashAlgorithmName.SHA256,
            "SHA384WITHRSA" => HashAlgorithmName.SHA384,
            "SHA512WITHRSA" => HashAlgorithmName.SHA512,
            _ => null,
        };
        return key is RsaPrivateCrtKeyParameters rsa && hash is { } h ? new OpenSslRsaSignatureFactory(rsa, algorithm, h) : null;
    }

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(_rsa.Value!, _hash);

    /// <summary>Collects the bytes BouncyCastle signs (the DER of the signed attributes: small) and signs them.</summary>
    private sealed class Calculator(RSA rsa, HashAlgorithmName hash) : IStreamCalculator<IBlockResult>
    {
        private readonly MemoryStream _data = new();

        public Stream Stream => _data;

        // BouncyCastle closes the stream before asking for the result; ToArray still works then.
        public IBlockResult GetResult() => new SimpleBlockResult(rsa.SignData(_data.ToArray(), hash, RSASignaturePadding.Pkcs1));
    }
}
