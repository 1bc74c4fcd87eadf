using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Signing;

/// <summary>
/// .NET public keys for signers' certificates, imported once per certificate and lent out one
/// caller at a time, because importing a key through OpenSSL 3's decoders costs more than the
/// verification itself and the same few agency certificates sign every letter. .NET promises nothing about concurrent use of one key
/// object, so each is lent to one verification at a time.
/// </summary>
internal static class VerificationKeys
{
    /// <summary>Keys kept per certificate: beyond the verifications a small machine runs at once, new ones are thrown away.</summary>
    private const int KeptPerCertificate = 8;

    // Keyed by the certificate instance, which KnownCertificates makes one per distinct certificate.
    // A queue rather than a bag: a bag's Count, asked on every return, locks every thread's list.
    private static readonly ConditionalWeakTable<X509Certificate, ConcurrentQueue<AsymmetricAlgorithm>> Pools = new();

    /// <summary>Runs <paramref name="verify"/> with an RSA or ECDSA key (as <typeparamref name="TKey"/>) for the certificate.</summary>
    /// <exception cref="CryptographicException">The certificate's key is not a <typeparamref name="TKey"/> key.</exception>
    public static bool With<TKey>(X509Certificate certificate, Func<TKey, bool> verify)
        where TKey : AsymmetricAlgorithm
    {
        var pool = Pools.GetValue(certificate, _ => new ConcurrentQueue<AsymmetricAlgorithm>());
        var key = Take<TKey>(pool) ?? Import<TKey>(certificate);
        var result = verify(key);
        if (pool.Count < KeptPerCertificate)
        {
            pool.Enqueue(key);
        }
        else
        {
            key.Dispose();
        }

        return result;
    }

    private static TKey? Take<TKey>(ConcurrentQueue<AsymmetricAlgorithm> pool)
        where TKey : AsymmetricAlgorithm
    {
        while (pool.TryDequeue(out var key))
        {
            if (key is TKey wanted)
            {
                return wanted;
            }

            key.Dispose();
        }

        return null;
    }

    private static TKey Import<TKey>(X509Certificate certificate)
        where TKey : AsymmetricAlgorithm
    {
        AsymmetricAlgorithm key = typeof(TKey) == typeof(RSA) ? RSA.Create() : ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo.GetDerEncoded(), out _);
            return (TKey)key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
