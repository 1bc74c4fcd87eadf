using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DocAxis.Storage;

/// <summary>
/// One SQLite database file in WAL mode. Every connection runs with synchronous=FULL, because
/// "accepted means durable": a committed letter must survive a power cut, not just a crash.
/// </summary>
public sealed class SqliteDatabase
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

    // Columns are snake_case, row types PascalCase; every store goes through this type first.
    static SqliteDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    /// <summary>Switches the file to WAL (persistent) and applies the migrations not yet applied.</summary>
    public async Task MigrateAsync(string schema, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await Migrations.ApplyAsync(connection, "Sqlite", schema, now, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE) and commits it.</summary>
    public async Task<T> InTransactionAsync<T>(
        Func<SqliteConnection, IDbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
