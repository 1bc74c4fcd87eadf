using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Trust;

/// <summary>
/// One shared instance per distinct certificate. BouncyCastle builds a certificate's public key on
/// first use and keeps it on the instance, and building an RSA key validates its modulus with
/// modular exponentiations, too dear to repeat for the same agency certificates in every letter's
/// CMS and every TLS call. Equal DER encodings are the same certificate, so sharing the parsed
/// instance changes no decision.
/// </summary>
public static class KnownCertificates
{
    /// <summary>More distinct certificates than a national axis has agencies; past it the cache starts over.</summary>
    private const int Capacity = 50_000;

    private static readonly ConcurrentDictionary<string, X509Certificate> Seen = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Subject, string Issuer), bool> Signed = new();
    private static readonly ConcurrentDictionary<string, bool> ValidPaths = new(StringComparer.Ordinal);

    // A certificate's key is its DER's SHA-256, worked out once per instance: paths are checked
    // several times per letter, and re-encoding and hashing each certificate every time was waste.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate, string> Keys = new();

    public static X509Certificate Intern(X509Certificate certificate) => Intern(certificate.GetEncoded(), () => certificate);

    /// <summary>The shared instance for these DER bytes, parsing them only the first time.</summary>
    public static X509Certificate Intern(byte[] der) => Intern(der, () => new X509CertificateParser().ReadCertificate(der));

    /// <summary>
    /// Whether <paramref name="issuer"/>'s key made <paramref name="subject"/>'s signature. A
    /// certificate's signature never changes, so a valid one is remembered; validity periods,
    /// purposes and revocation are still judged on every path.
    /// </summary>
    public static bool IsSignedBy(X509Certificate subject, X509Certificate issuer)
    {
        var key = (Key(subject), Key(issuer));
        if (Signed.ContainsKey(key))
        {
            return true;
        }

        var valid = subject.IsSignatureValid(issuer.GetPublicKey());
        if (valid)
        {
            if (Signed.Count >= Capacity)
            {
                Signed.Clear();
            }

            Signed[key] = true;
        }

        return valid;
    }

    /// <summary>
    /// Runs <paramref name="validate"/> (BouncyCastle's PKIX validation of this exact path to this
    /// anchor) unless the same path passed before. What PKIX judges of a fixed path (signatures,
    /// constraints, key usages) does not change; the one thing that does, validity at a time, the
    /// caller checks itself on every call, and revocation is checked apart.
    /// </summary>
    public static void ValidatePathOnce(IReadOnlyList<X509Certificate> path, X509Certificate anchor, Action validate)
    {
        var key = string.Join('|', path.Append(anchor).Select(Key));
        if (ValidPaths.ContainsKey(key))
        {
            return;
        }

        validate();
        if (ValidPaths.Count >= Capacity)
        {
            ValidPaths.Clear();
        }

        ValidPaths[key] = true;
    }

    private static string Key(X509Certificate certificate) => Keys.GetValue(certificate, c => Key(c.GetEncoded()));

    private static string Key(byte[] der) => Convert.ToBase64String(SHA256.HashData(der));

    private static X509Certificate Intern(byte[] der, Func<X509Certificate> parse)
    {
        var key = Key(der);
        if (Seen.TryGetValue(key, out var known))
        {
            return known;
        }

        if (Seen.Count >= Capacity)
        {
            Seen.Clear();
        }

        var instance = Seen.GetOrAdd(key, _ => parse());
        Keys.AddOrUpdate(instance, key);
        return instance;
    }
}
