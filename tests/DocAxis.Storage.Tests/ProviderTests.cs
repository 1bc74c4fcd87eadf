using Dapper;
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
