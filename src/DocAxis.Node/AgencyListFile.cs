using System.Text.Json;
using System.Text.Json.Serialization;
using DocAxis.Core.Agencies;

namespace DocAxis.Node;

/// <summary>One agency in a platform's agency list: its code, its name and the hash of its DMS's token.</summary>
public sealed record ListedAgency(string Code, string Name, string DmsTokenSha256);

/// <summary>
/// The file a platform node reads its hosted agencies from (Node:Platform:AgenciesFile), so that
/// agencies come and go without a restart: <c>docaxis node agency add|remove</c> edits it, and
/// the node notices the change. Read with System.Text.Json rather than bound as configuration,
/// since binding ten thousand list entries takes seconds. Every write replaces the file whole, so
/// a reader never sees half of one.
/// </summary>
public static class AgencyListFile
{
    /// <summary>The most agencies one list may hold; a province has a few thousand communes and offices.</summary>
    public const int MostAgencies = 100_000;

    /// <summary>The largest file read: a hundred thousand entries take about 20 MB.</summary>
    public const long MostBytes = 64L * 1024 * 1024;

    public const int LongestName = 500;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The agencies in <paramref name="path"/>, checked; a missing file is an empty list.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid list; the message names the entry and field.</exception>
    public static IReadOnlyList<ListedAgency> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length > MostBytes)
        {
            throw new InvalidDataException($"{path} is {stream.Length} bytes; an agency list may be at most {MostBytes}.");
        }

        AgencyListDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<AgencyListDocument>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not an agency list: {e.Message}", e);
        }

        var agencies = document?.Agencies ?? [];
        Check(path, agencies);
        return agencies;
    }

    /// <summary>
    /// Reads the list, lets <paramref name="change"/> edit it and writes it back, holding a lock
    /// file so that two commands editing at once do not lose one's change.
    /// </summary>
    public static T Edit<T>(string path, Func<List<ListedAgency>, T> change)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var held = Lock(full + ".lock");
        var agencies = Read(full).ToList();
        var result = change(agencies);
        Check(full, agencies);
        var temporary = $"{full}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, new AgencyListDocument(agencies), Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, full, overwrite: true);
        return result;
    }

    private static FileStream Lock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 100)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static void Check(string path, IReadOnlyList<ListedAgency> agencies)
    {
        if (agencies.Count > MostAgencies)
        {
            throw new InvalidDataException($"{path} lists {agencies.Count} agencies; at most {MostAgencies}.");
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < agencies.Count; i++)
        {
            var agency = agencies[i];
            var entry = $"{path}: agencies[{i}]";
            if (agency is null || !AgencyCode.TryParse(agency.Code, out _))
            {
                throw new InvalidDataException($"{entry}.code '{agency?.Code}' is not an agency code of the form NNN.NN.NN.Xnn.");
            }

            if (!codes.Add(agency.Code))
            {
                throw new InvalidDataException($"{entry}.code {agency.Code} is listed twice.");
            }

            if (string.IsNullOrWhiteSpace(agency.Name) || agency.Name.Length > LongestName)
            {
                throw new InvalidDataException($"{entry}.name must be given, at most {LongestName} characters ({agency.Code}).");
            }

            if (agency.DmsTokenSha256 is not { Length: 64 } hash || !hash.All(Uri.IsHexDigit))
            {
                throw new InvalidDataException($"{entry}.dmsTokenSha256 must be 64 hex digits, the SHA-256 of the agency's DMS token ({agency.Code}).");
            }

            if (!tokens.Add(hash))
            {
                throw new InvalidDataException($"{entry}.dmsTokenSha256 is another agency's too ({agency.Code}); each DMS has its own token.");
            }
        }
    }

    private sealed record AgencyListDocument(List<ListedAgency> Agencies);
}
