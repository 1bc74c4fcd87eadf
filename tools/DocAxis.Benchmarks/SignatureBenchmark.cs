using System.Diagnostics;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;
using Org.BouncyCastle.Cms;

namespace DocAxis.Benchmarks;

/// <summary>How many times a second one core does one signature operation.</summary>
public sealed record SignatureRate(string Operation, int Count, double Seconds)
{
    public double PerSecond => Count / Seconds;
}

/// <summary>
/// The signature work every letter costs, on one core: signing a receipt, DocAxis's whole check of
/// a letter's signature (CMS, signed attributes, RSA through OpenSSL, the cached certificate path),
/// and BouncyCastle's own SignerInformation.Verify over the same bytes, which DocAxis used before.
/// </summary>
public static class SignatureBenchmark
{
    public static IReadOnlyList<SignatureRate> Run(KeySpec key, TimeSpan each)
    {
        var root = CertificateAuthority.CreateRoot("Signature benchmark root", TimeProvider.System);
        var issued = root.Issue(new CertificateRequest("000.00.00.G22", "Văn phòng Chính phủ", CertificateProfile.Signing) { Key = key });
        var credential = new SigningCredential(issued.Certificate, issued.PrivateKey, []);
        var verifier = new SignatureVerifier(new CertificateValidator(new TrustStore([root.Certificate], [])), TimeProvider.System, TimeSpan.FromMinutes(5));
        var manifest = new byte[2_048];
        Random.Shared.NextBytes(manifest);
        var signature = DetachedSignature.Create(manifest, credential, TimeProvider.System.GetUtcNow());

        return
        [
            Measure("sign (DetachedSignature.Create)", each, () => DetachedSignature.Create(manifest, credential, TimeProvider.System.GetUtcNow())),
            Measure("verify (SignatureVerifier.Verify)", each, () => verifier.Verify(manifest, signature, "manifest")),
            Measure("verify (BouncyCastle SignerInformation.Verify)", each, () => BouncyCastleVerify(manifest, signature, issued.Certificate.GetPublicKey())),
        ];
    }

    /// <summary>With the key parsed once, as DocAxis's interned certificates have it: building a BouncyCastle RSA key checks its modulus, which costs more than the verification.</summary>
    private static bool BouncyCastleVerify(byte[] content, byte[] signature, Org.BouncyCastle.Crypto.AsymmetricKeyParameter key)
    {
        var signer = new CmsSignedData(new CmsProcessableByteArray(content), signature).GetSignerInfos().GetSigners().First();
        return signer.Verify(key) ? true : throw new InvalidOperationException("The benchmark's signature does not verify.");
    }

    private static SignatureRate Measure(string operation, TimeSpan each, Func<object> work)
    {
        // Warm up so the JIT's tier-1 code is what is timed.
        for (var i = 0; i < 200; i++)
        {
            work();
        }

        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < each)
        {
            work();
            count++;
        }

        return new SignatureRate(operation, count, clock.Elapsed.TotalSeconds);
    }
}
