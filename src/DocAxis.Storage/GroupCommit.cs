using System.Collections.Concurrent;
using System.Data.Common;

namespace DocAxis.Storage;

/// <summary>
/// Commits the write units that arrive while a commit is under way together, in one transaction:
/// one flush to disk for many letters instead of one each, which is what caps a store's accepted
/// letters per second. Each unit of a shared transaction runs inside its own savepoint, so a unit
/// that throws is rolled back alone and its caller gets its exception while the others commit. No
/// caller hears that its unit is done before the commit that holds it; if that commit fails, every
/// unit in it fails.
/// </summary>
internal sealed class GroupCommit(Database database, int maxUnits)
{
    private const string Savepoint = "unit";

    private readonly ConcurrentQueue<Unit> _waiting = new();
    private int _committing;

    public Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work)
    {
        var unit = new Unit<T>(work);
        _waiting.Enqueue(unit);
        if (Interlocked.CompareExchange(ref _committing, 1, 0) == 0)
        {
            _ = Task.Run(CommitWhileWaitingAsync);
        }

        return unit.Completion.Task;
    }

    /// <summary>One committer at a time, for as long as units keep arriving; then it ends.</summary>
    private async Task CommitWhileWaitingAsync()
    {
        while (true)
        {
            var batch = new List<Unit>();
            while (batch.Count < maxUnits && _waiting.TryDequeue(out var unit))
            {
                batch.Add(unit);
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                continue;
            }

            Volatile.Write(ref _committing, 0);
            // A unit queued after the last look but before the reset saw a committer and started none.
            if (_waiting.IsEmpty || Interlocked.CompareExchange(ref _committing, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task CommitAsync(List<Unit> batch)
    {
        try
        {
            await database.InTransactionAsync(async (connection, transaction) =>
            {
                if (batch.Count == 1)
                {
                    // Alone, a unit's failure may take the whole transaction with it: no savepoint needed.
                    await batch[0].RunAsync(connection, transaction);
                    return true;
                }

                foreach (var unit in batch)
                {
                    await transaction.SaveAsync(Savepoint);
                    try
                    {
                        await unit.RunAsync(connection, transaction);
                        await transaction.ReleaseAsync(Savepoint);
                    }
                    catch (Exception e)
                    {
                        await transaction.RollbackAsync(Savepoint);
                        await transaction.ReleaseAsync(Savepoint);
                        unit.Refused(e);
                    }
                }

                return true;
            });
        }
        catch (Exception e)
        {
            foreach (var unit in batch)
            {
                unit.Fail(e);
            }

            return;
        }

        foreach (var unit in batch)
        {
            unit.Complete();
        }
    }

    private abstract class Unit
    {
        public abstract Task RunAsync(DbConnection connection, DbTransaction transaction);

        /// <summary>The unit threw and was rolled back to its savepoint; the others go on.</summary>
        public abstract void Refused(Exception error);

        /// <summary>The transaction committed: the unit's result, or its own exception.</summary>
        public abstract void Complete();

        /// <summary>The transaction did not commit: the unit's own exception if it had one, else the commit's.</summary>
        public abstract void Fail(Exception error);
    }

    private sealed class Unit<T>(Func<DbConnection, DbTransaction, Task<T>> work) : Unit
    {
        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task RunAsync(DbConnection connection, DbTransaction transaction) => _result = await work(connection, transaction);

        public override void Refused(Exception error) => _error = error;

        public override void Complete()
        {
            if (_error is null)
            {
                Completion.SetResult(_result!);
            }
            else
            {
                Completion.SetException(_error);
            }
        }

        public override void Fail(Exception error) => Completion.SetException(_error ?? error);
    }
}
