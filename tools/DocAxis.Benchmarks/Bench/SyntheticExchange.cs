using Dapper;
using DocAxis.Storage;

namespace DocAxis.Benchmarks.Bench;

/// <summary>
/// Writes a year of synthetic exchange straight into a hub database, in SQL, so that a million
/// letters take seconds rather than the hours real submissions would: letter i is sent by one of
/// <c>agencies</c> agencies to another, accepted every ~30 s through the year, delivered after
/// 0.2-5 s (one in a hundred fails), then reported 01 arrived and 06 completed. Its agencies are
/// coded 000.NN.NN.Knn, apart from any real ones.
/// </summary>
public sealed class SyntheticExchange(SqliteDatabase database, int agencies)
{
    private static readonly long YearStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(7)).ToUnixTimeMilliseconds();

    /// <summary>Milliseconds between letters, so that a million fill a year.</summary>
    private const long Step = 31_536;

    private const string Numbers = "WITH RECURSIVE n(i) AS (SELECT @first UNION ALL SELECT i + 1 FROM n WHERE i < @last)";
    private const string Id = "printf('%08x-0000-4000-8000-%012d', i, i)";
    private const string At = $"({YearStartSql} + i * {StepSql})";
    private const string YearStartSql = "@yearStart";
    private const string StepSql = "@step";
    private const string Latency = "(200 + (i * 104729) % 4800)";

    private static string Code(string index) => $"printf('000.%02d.%02d.K%02d', ({index}) / 10000, ({index}) / 100 % 100, ({index}) % 100)";

    private string Sender => Code($"(i * 7919) % {agencies}");

    private string Recipient => Code($"((i * 7919) % {agencies} + 1 + i % 37) % {agencies}");

    public async Task CreateAgenciesAsync()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            $"""
            WITH RECURSIVE a(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM a WHERE i < @last)
            INSERT INTO agencies (code, name, level, parent_code, node_endpoint, enabled, created_at, updated_at)
            SELECT {Code("i")}, 'Agency ' || i, CASE WHEN i < 30 THEN 1 WHEN i < 100 THEN 2 WHEN i < 400 THEN 3 ELSE 4 END,
                   NULL, NULL, 1, @yearStart, @yearStart FROM a
            """,
            new { last = agencies - 1, yearStart = YearStart });
    }

    /// <summary>Adds letters <paramref name="first"/> to <paramref name="last"/>, each table in one statement.</summary>
    public async Task AddLettersAsync(long first, long last, IProgress<int>? steps = null)
    {
        var parameters = new { first, last, yearStart = YearStart, step = Step };
        string[] statements =
        [
            $"""
            {Numbers}
            INSERT INTO envelopes (id, sender_code, subject, manifest, signature, manifest_sha256, acceptance, acceptance_signature, accepted_at)
            SELECT {Id}, {Sender}, 'V/v số liệu thử nghiệm', x'00', x'00', zeroblob(32), x'00', x'00', {At} FROM n
            """,
            $"""
            {Numbers}
            INSERT INTO deliveries (envelope_id, recipient_code, position, state, status_code, attempts, accepted_at, delivered_at, failed_at)
            SELECT {Id}, {Recipient}, 0, CASE WHEN i % 100 = 0 THEN 'Failed' ELSE 'Delivered' END, CASE WHEN i % 100 = 0 THEN NULL ELSE '06' END,
                   1, {At}, CASE WHEN i % 100 = 0 THEN NULL ELSE {At} + {Latency} END, CASE WHEN i % 100 = 0 THEN {At} + 86400000 END FROM n
            """,
            Event("'Accepted', NULL", At),
            Event("CASE WHEN i % 100 = 0 THEN 'Failed' ELSE 'Delivered' END, NULL", $"{At} + CASE WHEN i % 100 = 0 THEN 86400000 ELSE {Latency} END"),
            Event("'Status', '01'", $"{At} + {Latency} + 60000 + i % 600000", "WHERE i % 100 <> 0"),
            Event("'Status', '06'", $"{At} + {Latency} + 3600000 * (1 + i % 48)", "WHERE i % 100 <> 0"),
        ];
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("PRAGMA synchronous = OFF");
        for (var s = 0; s < statements.Length; s++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(statements[s], parameters, transaction, commandTimeout: 0);
            await transaction.CommitAsync();
            steps?.Report(s + 1);
        }
    }

    public static int Statements => 6;

    /// <summary>Marks every event so far as counted, as a hub whose statistics job is up to date would have it.</summary>
    public async Task MarkStatisticsCurrentAsync()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("UPDATE stats_progress SET last_event_id = (SELECT COALESCE(MAX(id), 0) FROM delivery_events) WHERE id = 1");
    }

    /// <summary>The envelope id of synthetic letter <paramref name="i"/>.</summary>
    public static string EnvelopeIdOf(long i) => FormattableString.Invariant($"{i:x8}-0000-4000-8000-{i:D12}");

    private string Event(string kindAndStatus, string at, string where = "") => $"""
        {Numbers}
        INSERT INTO delivery_events (envelope_id, recipient_code, kind, status_code, attempt, at)
        SELECT {Id}, {Recipient}, {kindAndStatus}, 1, {at} FROM n {where}
        """;
}
