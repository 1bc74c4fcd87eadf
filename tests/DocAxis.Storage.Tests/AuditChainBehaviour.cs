using Dapper;
using DocAxis.Storage;
using DocAxis.Storage.Audit;
using DocAxis.Storage.Hub;
using DocAxis.Testing;

namespace DocAxis.Storage.Tests;

/// <summary>
/// The exchange log's chain, on every provider: appends from several writers stay one chain, and
/// an entry altered, removed or inserted directly in SQL is found and named.
/// </summary>
public abstract class AuditChainBehaviour
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private Database _database = null!;
    private AuditLog _log = null!;

    protected abstract Task<Database> CreateDatabaseAsync();

    [TestInitialize]
    public async Task CreateLog()
    {
        _database = await CreateDatabaseAsync();
        await new HubStore(_database).MigrateAsync(Now);
        _log = new AuditLog(_database);
        for (var batch = 0; batch < 4; batch++)
        {
            await _log.AppendAuditAsync([.. Enumerable.Range(0, 5).Select(i => Record(batch * 5 + i))]);
        }
    }

    [TestCleanup]
    public Task DropLog() => TestDatabases.DropAsync(_database);

    [TestMethod]
    public async Task AnUntouchedChainVerifies()
    {
        var result = await VerifyAsync();

        Assert.IsTrue(result.Intact, result.Problem?.Description);
        Assert.AreEqual(20L, result.EntriesChecked);
        Assert.AreEqual(20L, result.HeadSeq);
    }

    [TestMethod]
    public async Task ConcurrentWritersKeepOneChain()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await _log.AppendAuditAsync([Record(1000 + w * 100 + i), Record(2000 + w * 100 + i)]);
            }
        })));

        var result = await VerifyAsync();
        Assert.IsTrue(result.Intact, result.Problem?.Description);
        Assert.AreEqual(100L, result.EntriesChecked);
    }

    [TestMethod]
    public async Task AnEditedEntryIsNamed()
    {
        await ExecuteAsync("UPDATE audit_events SET detail = 'to someone else' WHERE seq = 7");

        AssertProblem(await VerifyAsync(), "altered", 7);
    }

    [TestMethod]
    public async Task AnEditedEntryWhoseHashWasRecomputedIsStillNamed()
    {
        var entry = (await EntriesAsync()).Single(e => e.Seq == 7);
        var forged = entry.ToRecord() with { Outcome = "refused" };
        await ExecuteAsync("UPDATE audit_events SET outcome = 'refused', hash = @hash WHERE seq = 7", new { hash = AuditChain.Hash(entry.PrevHash!, 7, forged) });

        AssertProblem(await VerifyAsync(), "altered", 7);
    }

    [TestMethod]
    public async Task ADeletedEntryIsNamed()
    {
        await ExecuteAsync("DELETE FROM audit_events WHERE seq = 12");

        AssertProblem(await VerifyAsync(), "removed", 12);
    }

    [TestMethod]
    public async Task AnEntryInsertedBetweenTwoOthersIsNamed()
    {
        await InsertAtTenAsync();

        AssertProblem(await VerifyAsync(), "inserted", 10);
    }

    [TestMethod]
    public async Task AnEntryInsertedWhereASealStoodIsNamedAsInsertedNotRewritten()
    {
        // The seal job may have signed the head when it was entry 10: the forged 10 then differs from
        // the seal too, and only the entry after it tells an insertion from a rewrite.
        var ten = (await EntriesAsync()).Single(e => e.Seq == 10);
        await _log.AppendSealAsync(new AuditSeal { Seq = 10, HeadHash = ten.Hash!, SealedAt = Epoch.ToMs(Now), SealedBy = "000.00.00.G22" });
        await InsertAtTenAsync();

        AssertProblem(await VerifyAsync(), "inserted", 10);
    }

    [TestMethod]
    public async Task AChainRewrittenPastASealIsNamedFromTheLastSealThatHolds()
    {
        var entries = await EntriesAsync();
        foreach (var seq in new long[] { 5, 10 })
        {
            await _log.AppendSealAsync(new AuditSeal { Seq = seq, HeadHash = entries.Single(e => e.Seq == seq).Hash!, SealedAt = Epoch.ToMs(Now), SealedBy = "000.00.00.G22" });
        }

        var previous = entries.Single(e => e.Seq == 7).Hash!;
        foreach (var entry in entries.Where(e => e.Seq >= 8))
        {
            var record = entry.Seq == 8 ? entry.ToRecord() with { Outcome = "refused" } : entry.ToRecord();
            var hash = AuditChain.Hash(previous, entry.Seq!.Value, record);
            await ExecuteAsync("UPDATE audit_events SET outcome = @outcome, prev_hash = @previous, hash = @hash WHERE seq = @seq", new { outcome = record.Outcome, previous, hash, seq = entry.Seq });
            previous = hash;
        }

        AssertProblem(await VerifyAsync(), "rewritten", 6);
    }

    [TestMethod]
    public async Task AnEntryInsertedOutsideTheChainIsFound()
    {
        await ExecuteAsync("INSERT INTO audit_events (at, actor, action, outcome) VALUES (1, '000.00.00.G22', 'Submit', 'accepted')");

        var result = await VerifyAsync();
        Assert.AreEqual("inserted", result.Problem?.Kind, result.Problem?.Description);
    }

    /// <summary>The forger makes room at 10 and writes an entry that chains correctly to 9.</summary>
    private async Task InsertAtTenAsync()
    {
        var nine = (await EntriesAsync()).Single(e => e.Seq == 9);
        await ExecuteAsync("UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 10");
        await ExecuteAsync("UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1010");
        var forged = Record(9999);
        await ExecuteAsync(
            "INSERT INTO audit_events (at, actor, action, outcome, envelope_id, reason, detail, seq, prev_hash, hash) VALUES (@at, @actor, @action, @outcome, NULL, NULL, NULL, 10, @prev, @hash)",
            new { at = Epoch.ToMs(forged.At), actor = forged.Actor, action = forged.Action, outcome = forged.Outcome, prev = nine.Hash, hash = AuditChain.Hash(nine.Hash!, 10, forged with { EnvelopeId = null, Detail = null }) });
    }

    private Task<AuditVerification> VerifyAsync() => AuditVerifier.VerifyAsync(_log, _ => Task.FromResult<string?>(null));

    private static void AssertProblem(AuditVerification result, string kind, long seq)
    {
        Assert.IsNotNull(result.Problem, "the tampering was not found");
        Assert.AreEqual(kind, result.Problem.Kind, result.Problem.Description);
        Assert.AreEqual(seq, result.Problem.Seq, result.Problem.Description);
        StringAssert.Contains(result.Problem.Description, seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in _log.ChainAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    private static AuditRecord Record(int i) =>
        new(Now.AddSeconds(i), "000.00.00.G22", "Submit", "accepted", $"0b6f4c1e-2d3a-4f5b-8c7d-{i:D12}", null, $"letter {i}");
}

[TestClass]
public sealed class SqliteAuditChainTests : AuditChainBehaviour
{
    protected override Task<Database> CreateDatabaseAsync() =>
        Task.FromResult<Database>(new SqliteDatabase(Path.Combine(Path.GetTempPath(), "docaxis-tests", $"audit-{Guid.NewGuid():N}", "hub.db")));
}

[TestClass]
public sealed class PostgresAuditChainTests : AuditChainBehaviour
{
    protected override async Task<Database> CreateDatabaseAsync() => new PostgresDatabase(await TestDatabases.NewPostgresAsync("audit"));
}

[TestClass]
public sealed class SqlServerAuditChainTests : AuditChainBehaviour
{
    protected override async Task<Database> CreateDatabaseAsync() => new SqlServerDatabase(await TestDatabases.NewSqlServerAsync("audit"));
}
