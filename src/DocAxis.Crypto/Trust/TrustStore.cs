using DocAxis.Crypto.Pki;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Trust;

/// <summary>
/// The certificates a deployment trusts: anchors (root CAs, e.g. the national CA) and the
/// intermediate CAs between them and the agencies' certificates.
/// </summary>
public sealed class TrustStore
{
    private static readonly string[] CertificateExtensions = [".crt", ".pem", ".cer", ".der"];

    public TrustStore(IReadOnlyList<X509Certificate> anchors, IReadOnlyList<X509Certificate> intermediates)
    {
        if (anchors.Count == 0)
        {
            throw new ArgumentException("A trust store needs at least one trust anchor.", nameof(anchors));
        }

        Anchors = anchors;
        Intermediates = intermediates;
    }

    public IReadOnlyList<X509Certificate> Anchors { get; }

    public IReadOnlyList<X509Certificate> Intermediates { get; }

    /// <summary>Loads every certificate from the given files and folders.</summary>
    public static TrustStore Load(IEnumerable<string> anchorPaths, IEnumerable<string> intermediatePaths) =>
        new(ReadAll(anchorPaths), ReadAll(intermediatePaths));

    private static List<X509Certificate> ReadAll(IEnumerable<string> paths)
    {
        var certificates = new List<X509Certificate>();
        foreach (var path in paths)
        {
            IEnumerable<string> files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Where(f => CertificateExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order()
                : [path];
            foreach (var file in files)
            {
                certificates.AddRange(PemFiles.ReadCertificates(file));
            }
        }

        return certificates;
    }
}
