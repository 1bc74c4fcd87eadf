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
