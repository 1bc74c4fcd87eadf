using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Node.Options;
using DocAxis.Transport.Tls;

namespace DocAxis.Node;

/// <summary>
/// The agencies a node hosts. Everything a node does is on behalf of one of them. Those configured
/// in Node:Agencies are fixed; a platform's agency list (Node:Platform:AgenciesFile) may change
/// while the node runs, and each change is swapped in whole.
/// </summary>
public sealed class HostedAgencies
{
    private readonly Dictionary<AgencyCode, HostedAgency> _configured;

    private readonly string? _signingKeys;

    // Agencies removed from the list while the node runs: their queued letters and statuses still go to the hub.
    private readonly ConcurrentDictionary<AgencyCode, HostedAgency> _departed = new();

    private readonly Lock _reloading = new();

    private volatile Snapshot _current;

    public HostedAgencies(NodeOptions options)
    {
        Platform = options.Platform.Tls is { } tls ? TlsCertificates.Load(tls) : null;
        _signingKeys = options.Platform.SigningKeys;
        ListFile = options.Platform.AgenciesFile is { Length: > 0 } file ? Path.GetFullPath(file) : null;
        _configured = options.Agencies.ToDictionary(a => AgencyCode.Parse(a.Code), a => Load(a, Platform, _signingKeys));
        _current = Build(ListFile is null ? [] : AgencyListFile.Read(ListFile), new Dictionary<AgencyCode, HostedAgency>());
    }

    public IReadOnlyCollection<HostedAgency> All => _current.ByCode.Values;

    /// <summary>The full path of the platform's agency list, if the node reads one.</summary>
    public string? ListFile { get; }

    /// <summary>The platform's TLS certificate, if this node acts as a platform for (some of) its agencies.</summary>
    public X509Certificate2? Platform { get; }

    /// <summary>Whether the node calls the hub for <paramref name="agency"/> as the platform rather than with the agency's own certificate.</summary>
    public bool OnPlatform(HostedAgency agency) => Platform is not null && ReferenceEquals(agency.Tls, Platform);

    /// <summary>The agency whose DMS token hashes to <paramref name="sha256"/>, if any (a platform may host ten thousand).</summary>
    public HostedAgency? ByTokenHash(byte[] sha256) => _current.ByToken.GetValueOrDefault(Convert.ToHexString(sha256));

    /// <summary>The hosted agency named by a request field; refused if this node does not host it.</summary>
    public HostedAgency Get(string? code, string field = "agency_code")
    {
        var parsed = AgencyCode.Parse(code, field);
        return _current.ByCode.TryGetValue(parsed, out var agency)
            ? agency
            : throw new RefusalException(RefusalReason.AgencyNotHosted, $"Agency {parsed} is not hosted by this node.", field);
    }

    /// <summary>
    /// The agency to call the hub for when sending what it queued: a hosted one, or one removed
    /// from the platform's list since, so that a letter its DMS was told is queued still leaves.
    /// </summary>
    public HostedAgency Sender(string code) =>
        AgencyCode.TryParse(code, out var parsed) && _departed.TryGetValue(parsed, out var departed) && !Hosts(parsed) ? departed : Get(code);

    public bool Hosts(AgencyCode code) => _current.ByCode.ContainsKey(code);

    /// <summary>
    /// Reads the platform's agency list again and swaps it in: agencies whose entry is unchanged
    /// keep what they loaded. A list that is not valid changes nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">The list is not valid; the message names the entry.</exception>
    public AgencyListChange Reload()
    {
        if (ListFile is null)
        {
            return new AgencyListChange([], [], 0);
        }

        lock (_reloading)
        {
            var listed = AgencyListFile.Read(ListFile);
            var before = _current;
            var next = Build(listed, before.Listed);
            foreach (var (code, agency) in before.Listed.Where(a => !next.Listed.ContainsKey(a.Key)))
            {
                _departed[code] = agency;
            }

            _current = next;
            return new AgencyListChange(
                [.. next.Listed.Keys.Where(c => !before.Listed.ContainsKey(c))],
                [.. before.Listed.Keys.Where(c => !next.Listed.ContainsKey(c))],
                next.ByCode.Count);
        }
    }

    private Snapshot Build(IReadOnlyList<ListedAgency> listed, Dictionary<AgencyCode, HostedAgency> before)
    {
        var fromList = new Dictionary<AgencyCode, HostedAgency>(listed.Count);
        foreach (var entry in listed)
        {
            var code = AgencyCode.Parse(entry.Code);
            if (_configured.ContainsKey(code))
            {
                throw new InvalidDataException($"{ListFile}: {code} is also configured in Node:Agencies; list it in one place.");
            }

            var token = Convert.FromHexString(entry.DmsTokenSha256);
            fromList[code] = before.TryGetValue(code, out var kept) && kept.Name == entry.Name && kept.DmsTokenSha256.AsSpan().SequenceEqual(token)
                ? kept
                : new HostedAgency(code, entry.Name, Platform!, FromKeyStore(code, _signingKeys!), token);
        }

        var byCode = new Dictionary<AgencyCode, HostedAgency>(_configured);
        foreach (var (code, agency) in fromList)
        {
            byCode[code] = agency;
        }

        var byToken = new Dictionary<string, HostedAgency>(byCode.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var agency in byCode.Values)
        {
            if (!byToken.TryAdd(Convert.ToHexString(agency.DmsTokenSha256), agency))
            {
                throw new InvalidDataException($"{agency.Code}'s DMS token is another hosted agency's too; each DMS has its own token.");
            }
        }

        return new Snapshot(byCode, byToken, fromList);
    }

    private static HostedAgency Load(HostedAgencyOptions options, X509Certificate2? platform, string? signingKeys)
    {
        var code = AgencyCode.Parse(options.Code);
        var tls = options.Tls.CertificatePath.Length > 0 || platform is null ? TlsCertificates.Load(options.Tls) : platform;
        // Configured one by one: checked as the node starts.
        var signing = options.Signing.CertificatePath.Length > 0 || signingKeys is null
            ? new Lazy<SigningCredential>(Signing(code, new KeyFiles(options.Signing.CertificatePath, options.Signing.KeyPath)))
            : FromKeyStore(code, signingKeys);
        return new HostedAgency(code, options.Name, tls, signing, Convert.FromHexString(options.DmsTokenSha256));
    }

    /// <summary>Read when the agency first signs, so that ten thousand agencies start in seconds.</summary>
    private static Lazy<SigningCredential> FromKeyStore(AgencyCode code, string signingKeys)
    {
        var folder = Path.Combine(signingKeys, code.Value);
        // Not caching a failure: keys put in the store after a first attempt are found at the next.
        return new Lazy<SigningCredential>(
            () => Signing(code, new KeyFiles(Path.Combine(folder, "signing.crt"), Path.Combine(folder, "signing.key"))), LazyThreadSafetyMode.PublicationOnly);
    }

    private static SigningCredential Signing(AgencyCode code, KeyFiles files)
    {
        var signing = SigningCredential.Load(files);
        return signing.Identity == code.Value
            ? signing
            : throw new InvalidDataException($"The signing certificate of {code} names \"{signing.Identity}\"; it must carry the agency's own code.");
    }

    private sealed record Snapshot(
        Dictionary<AgencyCode, HostedAgency> ByCode, Dictionary<string, HostedAgency> ByToken, Dictionary<AgencyCode, HostedAgency> Listed);
}

/// <summary>What one reading of a platform's agency list changed.</summary>
public sealed record AgencyListChange(IReadOnlyList<AgencyCode> Added, IReadOnlyList<AgencyCode> Removed, int Hosted);
