using System.Data.Common;
using Dapper;

namespace DocAxis.Storage;

/// <summary>
/// A database a store runs on, whatever the provider: connections, write transactions and
/// migrations. Providers differ only where they must (<see cref="SqliteDatabase"/>,
/// <see cref="PostgresDatabase"/>, <see cref="SqlServerDatabase"/>).
/// </summary>
public abstract class Database
{
    // Columns are snake_case, row types PascalCase; every store goes through this type first.
    static Database() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>The most write units one shared transaction takes (see <see cref="InSharedTransactionAsync"/>).</summary>
    private const int MaxUnitsPerCommit = 128;

    private readonly GroupCommit _groupCommit;

    protected Database() => _groupCommit = new GroupCommit(this, MaxUnitsPerCommit);

    public abstract StorageProvider Provider { get; }

    /// <summary>Where the data is, for people (a file, or a host and database name).</summary>
    public abstract string Location { get; }

    public static Database Create(StorageProvider provider, string connection) => provider switch
    {
        StorageProvider.Sqlite => new SqliteDatabase(connection),
        StorageProvider.PostgreSql => new PostgresDatabase(connection),
        StorageProvider.SqlServer => new SqlServerDatabase(connection),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Asks the database to answer (a health check); throws if it does not.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
    }

    /// <summary>Applies the schema's migrations not yet applied, one instance at a time.</summary>
    public async Task MigrateAsync(string schema, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await PrepareAsync(connection);
        await using (await LockMigrationsAsync(connection, schema, cancellationToken))
        {
            await Migrations.ApplyAsync(connection, this, schema, now, cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        using var turn = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction shared with the units other callers
    /// submit meanwhile, and returns once that transaction has committed. For the hot, small writes
    /// (a letter accepted, a delivery recorded): many of them cost one commit. A unit that throws is
    /// rolled back alone. The unit must not be cancelled half-way, so this takes no token. A unit
    /// writes only through the connection and transaction it is given: any other write to this
    /// database from inside it would wait for the commit the unit itself is holding up.
    /// </summary>
    public Task<T> InSharedTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work) => _groupCommit.RunAsync(work);

    /// <summary>
    /// Runs reads that must see one moment of the database (a letter's deliveries with their
    /// timeline): statements read one at a time could each see a different commit.
    /// </summary>
    public async Task<T> ReadConsistentAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Runs autocommitted writes on a connection of their own, in this process's turn for writing.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        using var turn = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>
    /// Waits for this process's turn to write, where the database takes one writer at a time; the
    /// returned turn ends when disposed. By default writers do not wait here.
    /// </summary>
    internal virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>The statement that creates the migrations' bookkeeping table if it is missing.</summary>
    internal abstract string CreateSchemaVersionTable { get; }

    internal virtual ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(cancellationToken);

    /// <summary>A read-only transaction whose statements all see the same committed state.</summary>
    internal virtual ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>Once per database, before migrating (e.g. switching SQLite to WAL).</summary>
    protected virtual Task PrepareAsync(DbConnection connection) => Task.CompletedTask;

    /// <summary>Keeps other instances from migrating at the same time, until disposed.</summary>
    protected abstract Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, string schema, CancellationToken cancellationToken);

    /// <summary>A lock that holds nothing: where the database itself serializes migrations.</summary>
    protected sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
