using System.Data.Common;
using System.Text.Json;
using Dapper;
using DocAxis.Cli.Letters;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Storage;
using DocAxis.Storage.Audit;
using DocAxis.Testing;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The exchange log written by a real hub, sealed by its Quartz job with the hub's key, then
/// tampered with directly in SQL the way an insider with database access would: each change is
/// found by <c>docaxis audit verify</c>, which names the first entry concerned.
/// </summary>
public abstract class AuditLogTamperingTests
{
    private TestAxis _axis = null!;
    private Database _database = null!;

    protected abstract StorageProvider Provider { get; }

    /// <summary>Configures the hub's store and returns the connection <c>docaxis audit verify</c> is given.</summary>
    protected abstract Task<string> UseStoreAsync(TestAxis axis);

    private string Connection { get; set; } = "";

    [TestInitialize]
    public async Task ExchangeLettersAndSealTheLog()
    {
        _axis = TestAxis.Create($"audit-{Provider}");
        _axis.Axis.HubOverrides["Hub:AuditSealInterval"] = "00:00:00.300";
        Connection = await UseStoreAsync(_axis);
        await _axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var sender = new DmsClient(_axis.Axis.Dms(TestAxis.Sender.Code));
        for (var i = 0; i < 3; i++)
        {
            var sent = await sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First]), []);
            await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the letter is delivered");
        }

        _database = Database.Create(Provider, Connection);
        var log = new AuditLog(_database);
        await Eventually.WaitAsync(
            async () => (Head: await log.HeadAsync(), Seal: await log.LastSealAsync()),
            s => s.Head is { } head && head.Seq >= 6 && s.Seal?.Seq == head.Seq,
            "the seal job signs the head of the log");
        await _axis.Axis.StopHubAsync();
        Assert.IsTrue((await VerifyAsync()).GetProperty("intact").GetBoolean(), "the untouched log verifies");
    }

    [TestCleanup]
    public async Task Clean()
    {
        await _axis.DisposeAsync();
        if (Provider != StorageProvider.Sqlite)
        {
            await TestDatabases.DropAsync(_database);
        }
    }

    [TestMethod]
    public async Task AnEditedEntryIsNamedAndTheLogVerifiesOnceRestored()
    {
        var original = await ExecuteScalarAsync<string>("SELECT detail FROM audit_events WHERE seq = 3");
        await ExecuteAsync("UPDATE audit_events SET detail = 'nothing was sent' WHERE seq = 3");

        await AssertFoundAsync("altered", 3);

        await ExecuteAsync("UPDATE audit_events SET detail = @original WHERE seq = 3", new { original });
        Assert.IsTrue((await VerifyAsync()).GetProperty("intact").GetBoolean(), "restoring the entry restores the chain");
    }

    [TestMethod]
    public async Task ADeletedEntryIsNamed()
    {
        await ExecuteAsync("DELETE FROM audit_events WHERE seq = 4");

        await AssertFoundAsync("removed", 4);
    }

    [TestMethod]
    public async Task AnEntryInsertedIntoTheChainIsNamed()
    {
        var two = (await EntriesAsync()).Single(e => e.Seq == 2);
        await ExecuteAsync("UPDATE audit_events SET seq = seq + 100000 WHERE seq >= 3");
        await ExecuteAsync("UPDATE audit_events SET seq = seq - 99999 WHERE seq >= 100003");
        var forged = two.ToRecord() with { Outcome = "refused", Detail = "a refusal that never happened" };
        await ExecuteAsync(
            """
            INSERT INTO audit_events (at, actor, action, outcome, envelope_id, reason, detail, seq, prev_hash, hash)
            VALUES (@at, @actor, @action, @outcome, @envelope, @reason, @detail, 3, @prev, @hash)
            """,
            new
            {
                at = Epoch.ToMs(forged.At), actor = forged.Actor, action = forged.Action, outcome = forged.Outcome,
                envelope = forged.EnvelopeId, reason = forged.Reason, detail = forged.Detail, prev = two.Hash, hash = AuditChain.Hash(two.Hash!, 3, forged),
            });

        await AssertFoundAsync("inserted", 3);
    }

    [TestMethod]
    public async Task RemovingTheSealedTailIsFound()
    {
        var head = (await EntriesAsync()).Max(e => e.Seq!.Value);
        var sealedHead = await ExecuteScalarAsync<long>("SELECT MAX(seq) FROM audit_seals");
        await ExecuteAsync("DELETE FROM audit_events WHERE seq >= @from", new { from = sealedHead - 1 });

        var problem = await AssertFoundAsync("removed", sealedHead - 1);
        StringAssert.Contains(problem.GetProperty("description").GetString(), $"to {sealedHead}", $"the chain ended at {head}");
    }

    [TestMethod]
    public async Task AChainRewrittenWithRecomputedHashesIsCaughtByTheSeal()
    {
        var entries = await EntriesAsync();
        var previous = entries.Single(e => e.Seq == 2).Hash!;
        foreach (var entry in entries.Where(e => e.Seq >= 3).OrderBy(e => e.Seq))
        {
            var record = entry.Seq == 3 ? entry.ToRecord() with { Outcome = "refused" } : entry.ToRecord();
            var hash = AuditChain.Hash(previous, entry.Seq!.Value, record);
            await ExecuteAsync(
                "UPDATE audit_events SET outcome = @outcome, prev_hash = @previous, hash = @hash WHERE seq = @seq",
                new { outcome = record.Outcome, previous, hash, seq = entry.Seq });
            previous = hash;
        }

        // The seals bound the rewrite: it starts after the last seal that still matches, at or before entry 3.
        var problem = (await VerifyAsync(expectIntact: false)).GetProperty("problem");
        Assert.AreEqual("rewritten", problem.GetProperty("kind").GetString(), problem.ToString());
        Assert.IsTrue(problem.GetProperty("seq").GetInt64() is >= 1 and <= 3, problem.ToString());
    }

    [TestMethod]
    public async Task AForgedSealIsFound()
    {
        await ExecuteAsync("UPDATE audit_seals SET sealed_by = '000.00.00.G22' WHERE seq = (SELECT MAX(seq) FROM audit_seals)");

        var result = await VerifyAsync(expectIntact: false);
        Assert.AreEqual("seal", result.GetProperty("problem").GetProperty("kind").GetString());
    }

    private async Task<JsonElement> AssertFoundAsync(string kind, long seq)
    {
        var problem = (await VerifyAsync(expectIntact: false)).GetProperty("problem");
        var description = problem.GetProperty("description").GetString();
        Assert.AreEqual(kind, problem.GetProperty("kind").GetString(), description);
        Assert.AreEqual(seq, problem.GetProperty("seq").GetInt64(), description);
        return problem;
    }

    private async Task<JsonElement> VerifyAsync(bool expectIntact = true)
    {
        var (exit, output) = await CommandLine.RunAsync(
            "audit", "verify", "--provider", Provider.ToString(), "--connection", Connection, "--ca", _axis.Axis.Pki.TrustAnchorPath);
        Assert.AreEqual(expectIntact ? 0 : 1, exit, output.ToString());
        return output;
    }

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var connection = await _database.OpenAsync();
        return [.. await connection.QueryAsync<AuditEntry>("SELECT * FROM audit_events WHERE seq IS NOT NULL ORDER BY seq")];
    }

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using DbConnection connection = await _database.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    private async Task<T> ExecuteScalarAsync<T>(string sql)
    {
        await using DbConnection connection = await _database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }
}

[TestClass]
public sealed class SqliteAuditLogTamperingTests : AuditLogTamperingTests
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;

    protected override Task<string> UseStoreAsync(TestAxis axis) => Task.FromResult(axis.HubDatabase.DatabasePath);
}

[TestClass]
public sealed class PostgresAuditLogTamperingTests : AuditLogTamperingTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSql;

    protected override async Task<string> UseStoreAsync(TestAxis axis)
    {
        var connection = await TestDatabases.NewPostgresAsync("audit");
        axis.Axis.HubOverrides["Hub:Storage:Provider"] = "PostgreSql";
        axis.Axis.HubOverrides["Hub:Storage:ConnectionString"] = connection;
        return connection;
    }
}
