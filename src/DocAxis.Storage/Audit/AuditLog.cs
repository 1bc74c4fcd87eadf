using Dapper;

namespace DocAxis.Storage.Audit;

/// <summary>
/// The append-only, hash-chained exchange log of a hub or node. Appends take the chain's head under
/// a lock (one line even with several hub instances), seals record signatures over the head, and
/// the whole chain can be read back in order for verification.
/// </summary>
public sealed class AuditLog(Database database) : IAuditLog
{
    private readonly AuditStatements _sql = AuditStatements.For(database.Provider);

    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> records) => database.InTransactionAsync(async (connection, transaction) =>
    {
        if (_sql.LockChain.Length > 0)
        {
            await connection.ExecuteAsync(_sql.LockChain, transaction: transaction);
        }

        var head = await connection.QuerySingleOrDefaultAsync<(long Seq, byte[] Hash)?>(_sql.Head, transaction: transaction);
        var seq = head?.Seq ?? 0;
        var previous = head?.Hash ?? AuditChain.Genesis;
        var rows = new List<object>(records.Count);
        foreach (var record in records)
        {
            seq++;
            var hash = AuditChain.Hash(previous, seq, record);
            rows.Add(new
            {
                At = Epoch.ToMs(record.At), record.Actor, record.Action, record.Outcome, record.EnvelopeId, record.Reason, record.Detail,
                Seq = seq, PrevHash = previous, Hash = hash,
            });
            previous = hash;
        }

        await connection.ExecuteAsync(_sql.Insert, rows, transaction);
        return true;
    });

    /// <summary>The latest entry of the chain, if any.</summary>
    public async Task<(long Seq, byte[] Hash)?> HeadAsync()
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<(long Seq, byte[] Hash)?>(_sql.Head);
    }

    /// <summary>The chain in order, a page at a time, so that verifying a long log needs little memory.</summary>
    public async IAsyncEnumerable<AuditEntry> ChainAsync(int page = 5000)
    {
        long after = 0;
        while (true)
        {
            List<AuditEntry> entries;
            await using (var connection = await database.OpenAsync())
            {
                entries = [.. await connection.QueryAsync<AuditEntry>(_sql.Chain, new { after, limit = page })];
            }

            foreach (var entry in entries)
            {
                yield return entry;
            }

            if (entries.Count < page)
            {
                yield break;
            }

            after = entries[^1].Seq!.Value;
        }
    }

    /// <summary>Entries that joined the log after the chain began but carry no place in it.</summary>
    public async Task<long> CountUnchainedAsync()
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(_sql.Unchained);
    }

    public async Task AppendSealAsync(AuditSeal seal)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(_sql.InsertSeal, seal);
    }

    public async Task<AuditSeal?> LastSealAsync()
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<AuditSeal>(_sql.LastSeal);
    }

    public async Task<IReadOnlyList<AuditSeal>> SealsAsync()
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<AuditSeal>(_sql.Seals)];
    }

    /// <summary>Entries matching <paramref name="query"/> (hub only: it relates entries to letters).</summary>
    /// <summary>The most recent entry of <paramref name="action"/>, if any.</summary>
    public async Task<AuditEntry?> LastAsync(string action)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<AuditEntry>(_sql.LastOf, new { action });
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<AuditEntry>(_sql.Query(query), new
        {
            query.Agency, query.EnvelopeId, query.Action, From = Epoch.ToMs(query.From), To = Epoch.ToMs(query.To),
            query.AfterId, query.Limit, query.VisibleTo,
        })];
    }
}
