using Dapper;
using DocAxis.Storage.Hub;
using DocAxis.Testing;

namespace DocAxis.Storage.Tests;

/// <summary>The hub store's behaviour on SQLite, the embedded default.</summary>
[TestClass]
public sealed class SqliteHubStoreTests : HubStoreBehaviour
{
    protected override Task<Database> CreateDatabaseAsync() =>
        Task.FromResult<Database>(new SqliteDatabase(Path.Combine(Path.GetTempPath(), "docaxis-tests", $"store-{Guid.NewGuid():N}", "hub.db")));
}

/// <summary>The hub store's behaviour on PostgreSQL, the production store (always run by tools/test.sh).</summary>
[TestClass]
public sealed class PostgresHubStoreTests : HubStoreBehaviour
{
    protected override async Task<Database> CreateDatabaseAsync() => new PostgresDatabase(await TestDatabases.NewPostgresAsync("store"));
}

/// <summary>The hub store's behaviour on SQL Server, when DOCAXIS_TEST_SQLSERVER names a server.</summary>
[TestClass]
public sealed class SqlServerHubStoreTests : HubStoreBehaviour
{
    protected override async Task<Database> CreateDatabaseAsync() => new SqlServerDatabase(await TestDatabases.NewSqlServerAsync("store"));
}

/// <summary>How the PostgreSQL store treats its connection string.</summary>
[TestClass]
public sealed class PostgresConnectionTests
{
    [TestMethod]
    public async Task RepeatedStatementsArePreparedUnlessTheConnectionStringSaysOtherwise()
    {
        var connectionString = await TestDatabases.NewPostgresAsync("prepare");
        var byDefault = new PostgresDatabase(connectionString);
        var behindOldPgBouncer = new PostgresDatabase(connectionString + ";Max Auto Prepare=0");
        try
        {
            Assert.IsGreaterThan(0L, await PreparedAfterRepeatsAsync(byDefault), "a statement run ten times is prepared");
            Assert.AreEqual(0L, await PreparedAfterRepeatsAsync(behindOldPgBouncer), "the operator's 0 is kept");
        }
        finally
        {
            await TestDatabases.DropAsync(byDefault);
        }
    }

    /// <summary>Runs one statement ten times on one connection, then counts that connection's prepared statements.</summary>
    private static async Task<long> PreparedAfterRepeatsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        for (var i = 0; i < 10; i++)
        {
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_class WHERE relname = @name", new { name = "contents" });
        }

        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_prepared_statements");
    }
}

/// <summary>How the SQLite store configures its connections.</summary>
[TestClass]
public sealed class SqliteConnectionTests
{
    [TestMethod]
    public async Task EveryConnectionIsDurableAndWaitsForTheWriteLockWhetherNewOrReusedFromThePool()
    {
        var database = new SqliteDatabase(Path.Combine(Path.GetTempPath(), "docaxis-tests", $"sqlite-{Guid.NewGuid():N}", "hub.db"));
        await new HubStore(database).MigrateAsync(DateTimeOffset.UnixEpoch);

        SQLitePCL.sqlite3 first;
        await using (var connection = await database.OpenAsync())
        {
            first = ((Microsoft.Data.Sqlite.SqliteConnection)connection).Handle!;
            await AssertConfiguredAsync(connection, "a new connection");
        }

        await using var reused = await database.OpenAsync();
        await using var second = await database.OpenAsync();
        Assert.AreSame(first, ((Microsoft.Data.Sqlite.SqliteConnection)reused).Handle, "the pool hands the closed connection out again");
        Assert.AreNotSame(first, ((Microsoft.Data.Sqlite.SqliteConnection)second).Handle, "a second connection at the same time is another handle");
        await AssertConfiguredAsync(reused, "a connection reused from the pool");
        await AssertConfiguredAsync(second, "a second connection");
    }

    private static async Task AssertConfiguredAsync(System.Data.Common.DbConnection connection, string which)
    {
        Assert.AreEqual(2L, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"), $"{which} syncs in full (2)");
        Assert.AreEqual(30_000L, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), $"{which} waits 30 s for the write lock");
        Assert.AreEqual("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), $"{which} writes ahead");
    }
}
