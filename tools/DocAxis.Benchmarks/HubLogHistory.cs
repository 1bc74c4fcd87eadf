using Dapper;
using DocAxis.Storage;
using DocAxis.Storage.Audit;
using DocAxis.Storage.Hub;
using Microsoft.Data.Sqlite;

namespace DocAxis.Benchmarks;

/// <summary>
/// A year of a hub's history: letters between 64 agencies (1 to 3 recipients each) in the hub's
/// tables, and their exchange-log entries appended through the store's own hash chain, about five
/// per letter (submitted, delivered to each recipient, statuses reported).
/// </summary>
public sealed class HubLogHistory(string databasePath, long entries)
{
    public static readonly string[] Agencies = [.. Enumerable.Range(0, 64).Select(i => $"000.00.{i / 10:00}.{(i % 2 == 0 ? 'G' : 'H')}{10 + i:00}")];

    /// <summary>An agency only a few letters involve: the search that reads furthest for its page.</summary>
    public const string RareAgency = "000.00.99.H99";

    public string? MiddleEnvelope { get; private set; }

    public DateTimeOffset MiddleDay { get; private set; }

    /// <summary>Writes the history; returns the letters written.</summary>
    public async Task<long> FillAsync(DateTimeOffset now, Action<string, int, int> progress)
    {
        var store = new HubStore(new SqliteDatabase(databasePath));
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
        var random = new Random(18);
        var start = now.AddDays(-365);
        var step = TimeSpan.FromDays(365) / Math.Max(1, entries);
        var written = 0L;
        var letters = 0L;
        const int batch = 5_000;
        while (written < entries)
        {
            progress($"Writing {entries:N0} exchange-log entries", (int)(written / batch), (int)((entries + batch - 1) / batch));
            var records = new List<AuditRecord>(batch + 8);
            await using var transaction = await connection.BeginTransactionAsync();
            while (records.Count < batch && written + records.Count < entries)
            {
                var at = start + step * (written + records.Count);
                var id = Guid.NewGuid().ToString("D");
                var sender = Agencies[random.Next(Agencies.Length)];
                var recipients = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Agencies[random.Next(Agencies.Length)]).Where(r => r != sender).Distinct().ToList();
                if (letters % 2_000 == 0)
                {
                    recipients.Add(RareAgency);
                }

                await connection.ExecuteAsync("""
                    INSERT INTO envelopes (id, sender_code, subject, manifest, signature, manifest_sha256, acceptance, acceptance_signature, accepted_at)
                    VALUES (@id, @sender, 'Công văn', x'00', x'00', x'00', x'00', x'00', @at)
                    """, new { id, sender, at = Epoch.ToMs(at) }, transaction);
                records.Add(new AuditRecord(at, sender, "SubmitLetter", "accepted", id, Detail: $"to {string.Join(", ", recipients)}"));
                for (var r = 0; r < recipients.Count; r++)
                {
                    await connection.ExecuteAsync("""
                        INSERT INTO deliveries (envelope_id, recipient_code, position, state, status_code, attempts, accepted_at, delivered_at)
                        VALUES (@id, @recipient, @r, 'Delivered', '03', 1, @at, @at)
                        """, new { id, recipient = recipients[r], r, at = Epoch.ToMs(at) }, transaction);
                    records.Add(new AuditRecord(at.AddSeconds(2), "hub", "Deliver", "delivered", id, Detail: recipients[r]));
                    records.Add(new AuditRecord(at.AddMinutes(5), recipients[r], "ReportStatus", "recorded", id, Detail: "03"));
                }

                if (letters == entries / 10)
                {
                    (MiddleEnvelope, MiddleDay) = (id, at);
                }

                letters++;
            }

            await transaction.CommitAsync();
            await store.AppendAuditAsync(records);
            written += records.Count;
        }

        return letters;
    }
}
