using System.Collections.Concurrent;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Revocation;

/// <summary>
/// Certificate revocation lists: those configured as files, and those fetched from the
/// distribution points of the certificates seen. Fetched lists are kept until their nextUpdate and
/// refetched then, or when <see cref="RefreshAsync"/> runs (a Quartz job).
/// </summary>
public sealed class CrlStore(RevocationOptions options, HttpClient http, TimeProvider time)
{
    private static readonly string[] Extensions = [".crl", ".pem", ".der"];

    /// <summary>A distribution point that failed is not asked again for this long, so an outage does not add a timeout to every call.</summary>
    private static readonly TimeSpan RetryFailedAfter = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Uri, Fetched> _fetched = new();
    private IReadOnlyList<X509Crl> _files = LoadFiles(options.CrlFiles);

    /// <summary>How many downloads were made: for tests and metrics.</summary>
    public int Downloads { get; private set; }

    /// <summary>The CRLs that may speak for <paramref name="certificate"/>: from files, and from its distribution points.</summary>
    public async Task<IReadOnlyList<X509Crl>> ForAsync(X509Certificate certificate, CancellationToken cancellationToken)
    {
        var crls = _files.Where(c => c.IssuerDN.Equivalent(certificate.IssuerDN)).ToList();
        if (options.FetchCrlDistributionPoints)
        {
            foreach (var point in RevocationPointers.CrlDistributionPoints(certificate))
            {
                if (await GetAsync(point, cancellationToken) is { } crl)
                {
                    crls.Add(crl);
                }
            }
        }

        return crls;
    }

    /// <summary>Reloads the files and refetches every distribution point seen so far.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _files = LoadFiles(options.CrlFiles);
        foreach (var point in _fetched.Keys)
        {
            await FetchAsync(point, cancellationToken);
        }
    }

    private async Task<X509Crl?> GetAsync(Uri point, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_fetched.TryGetValue(point, out var known))
        {
            var current = known.Crl is { } crl && (crl.NextUpdate is not { } next || next > now.UtcDateTime);
            var resting = known.Crl is null && now - known.FetchedAt < RetryFailedAfter;
            if (current || resting)
            {
                return known.Crl;
            }
        }

        return await FetchAsync(point, cancellationToken);
    }

    private async Task<X509Crl?> FetchAsync(Uri point, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.FetchTimeout);
        try
        {
            var bytes = await http.GetByteArrayAsync(point, timeout.Token);
            Downloads++;
            var crl = new X509CrlParser().ReadCrl(bytes);
            _fetched[point] = new Fetched(crl, time.GetUtcNow());
            return crl;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or Org.BouncyCastle.Security.Certificates.CrlException)
        {
            // Keep a list fetched earlier, even if stale: the checker decides whether stale is good enough.
            var kept = _fetched.TryGetValue(point, out var earlier) ? earlier.Crl : null;
            _fetched[point] = new Fetched(kept, time.GetUtcNow());
            return kept;
        }
    }

    private static List<X509Crl> LoadFiles(IEnumerable<string> paths)
    {
        var crls = new List<X509Crl>();
        foreach (var path in paths)
        {
            IEnumerable<string> files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order()
                : [path];
            foreach (var file in files)
            {
                crls.AddRange(new X509CrlParser().ReadCrls(File.ReadAllBytes(file)));
            }
        }

        return crls;
    }

    private sealed record Fetched(X509Crl? Crl, DateTimeOffset FetchedAt);
}
