using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DocAxis.Storage;

/// <summary>
/// One SQLite database file in WAL mode. Every connection runs with synchronous=FULL, because
/// "accepted means durable": a committed letter must survive a power cut, not just a crash. Write
/// transactions begin IMMEDIATE, taking SQLite's single write lock up front.
/// </summary>
public sealed class SqliteDatabase : Database
{
    /// <summary>One turn to write per database file in this process, whichever instance opened it.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteTurns = new(StringComparer.Ordinal);

    /// <summary>
    /// SQLite handles already configured: the pool hands the same handle out again and again and
    /// its settings stay, so the pragmas need not run on every open.
    /// </summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeTurn;

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
        _writeTurn = WriteTurns.GetOrAdd(Path, _ => new SemaphoreSlim(1, 1));
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
        var handle = connection.Handle!;
        if (!Configured.TryGetValue(handle, out _))
        {
            await connection.ExecuteAsync("PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
            Configured.AddOrUpdate(handle, Configured);
        }

        return connection;
    }

    internal override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    // Deferred: no write lock; in WAL mode the snapshot starts at the first read and holds to the end.
    internal override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    /// <summary>
    /// SQLite takes one writer at a time and makes the others poll, sleeping a thread between
    /// tries (up to 100 ms). Writers of this process queue here instead, in order and without a
    /// thread; the busy timeout remains for writers in other processes.
    /// </summary>
    internal override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writeTurn.WaitAsync(cancellationToken);
        return new WriteTurn(_writeTurn);
    }

    protected override Task PrepareAsync(DbConnection connection) => connection.ExecuteAsync("PRAGMA journal_mode = WAL;");

    /// <summary>Each migration runs in an IMMEDIATE transaction that re-reads what is applied: SQLite serializes them.</summary>
    protected override Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, string schema, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    private sealed class WriteTurn(SemaphoreSlim turn) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
