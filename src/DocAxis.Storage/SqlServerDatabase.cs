using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;

namespace DocAxis.Storage;

/// <summary>A SQL Server database; instances coordinate migrations with an application lock.</summary>
public sealed class SqlServerDatabase(string connectionString) : Database
{
    public override StorageProvider Provider => StorageProvider.SqlServer;

    public override string Location
    {
        get
        {
            var builder = new SqlConnectionStringBuilder(connectionString);
            return $"sqlserver://{builder.DataSource}/{builder.InitialCatalog}";
        }
    }

    // Repeatable read would let a timeline gain rows mid-read; snapshot isolation needs a database option.
    internal override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);

    internal override string CreateSchemaVersionTable => """
        IF OBJECT_ID(N'schema_version', N'U') IS NULL
            CREATE TABLE schema_version (version BIGINT PRIMARY KEY, name NVARCHAR(200) NOT NULL, applied_at NVARCHAR(40) NOT NULL)
        """;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    protected override async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, string schema, CancellationToken cancellationToken)
    {
        var resource = "docaxis.migrations." + schema;
        await connection.ExecuteAsync(
            "EXEC sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
            new { resource });
        return new Release(connection, resource);
    }

    private sealed class Release(DbConnection connection, string resource) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await connection.ExecuteAsync("EXEC sp_releaseapplock @Resource = @resource, @LockOwner = 'Session'", new { resource }, commandType: CommandType.Text);
    }
}
