using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DocAxis.Storage;

/// <summary>
/// One SQLite database file in WAL mode. Every connection runs with synchronous=FULL, because
/// "accepted means durable": a committed letter must survive a power cut, not just a crash. Write
/// transactions begin IMMEDIATE, taking SQLite's single write lock up front.
/// </summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            // Seconds a writer waits for SQLite's single write lock before giving up.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string Location => Path;

    internal override string CreateSchemaVersionTable =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    internal override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override Task PrepareAsync(DbConnection connection) => connection.ExecuteAsync("PRAGMA journal_mode = WAL;");

    /// <summary>Each migration runs in an IMMEDIATE transaction that re-reads what is applied: SQLite serializes them.</summary>
    protected override Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, string schema, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);
}
