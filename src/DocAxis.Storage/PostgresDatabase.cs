using System.Data.Common;
using Dapper;
using Npgsql;

namespace DocAxis.Storage;

/// <summary>
/// A PostgreSQL database shared by every hub instance. Commits are durable by PostgreSQL's own
/// rules (synchronous_commit on, the default); instances coordinate migrations with an advisory lock.
/// </summary>
public sealed class PostgresDatabase(string connectionString) : Database
{
    /// <summary>Statements Npgsql prepares per connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(WithAutoPrepare(connectionString));

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override string Location
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        }
    }

    public string ConnectionString => connectionString;

    internal override string CreateSchemaVersionTable =>
        "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _source.OpenConnectionAsync(cancellationToken);

    protected override async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, string schema, CancellationToken cancellationToken)
    {
        var key = LockKey(schema);
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key });
        return new Unlock(connection, key);
    }

    /// <summary>
    /// The most used statements are prepared per connection, so that PostgreSQL does not parse and
    /// plan the same few statements on every execution. An operator's own "Max Auto Prepare" wins:
    /// 0 behind a PgBouncer older than 1.21, which cannot carry prepared statements in transaction mode.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    /// <summary>A stable 64-bit key per schema, so hub and other users of the database do not share a lock.</summary>
    private static long LockKey(string schema) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("docaxis.migrations." + schema)));

    private sealed class Unlock(DbConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key });
    }
}
