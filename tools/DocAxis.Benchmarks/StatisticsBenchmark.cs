using DocAxis.Benchmarks.Bench;
using System.Diagnostics;
using Dapper;
using DocAxis.Core.Statistics;
using DocAxis.Storage;
using DocAxis.Storage.Hub;
using Spectre.Console;

namespace DocAxis.Benchmarks;

/// <summary>What the statistics benchmark measured.</summary>
public sealed record StatisticsBenchmarkResult(
    long Letters,
    long NewLetters,
    long EventsInFull,
    double FullSeconds,
    long EventsInIncremental,
    double IncrementalSeconds,
    double FillSeconds,
    bool FiguresMatch,
    string Database)
{
    /// <summary>The incremental run's cost as a fraction of a full recomputation's.</summary>
    public double Ratio => IncrementalSeconds / FullSeconds;
}

/// <summary>
/// Fills a SQLite hub store with synthetic letters, times a full recomputation of the statistics,
/// adds new letters and times the incremental run that folds only them in, then checks the
/// figures against a direct count.
/// </summary>
public sealed class StatisticsBenchmark(string folder, long letters, long newLetters, int agencies, int batchSize)
{
    private static readonly StatisticsCalendar Vietnam = new(new Hub.Options.StatisticsOptions().UtcOffset);

    public async Task<StatisticsBenchmarkResult> RunAsync(ProgressContext? progress)
    {
        var path = Path.Combine(folder, "hub.db");
        var database = new SqliteDatabase(path);
        var store = new HubStore(database);
        await store.MigrateAsync(TimeProvider.System.GetUtcNow());
        var synthetic = new SyntheticExchange(database, agencies);

        var fill = Stopwatch.StartNew();
        var filling = progress?.AddTask($"Writing {letters:N0} letters", maxValue: SyntheticExchange.Statements);
        await synthetic.CreateAgenciesAsync();
        await synthetic.AddLettersAsync(1, letters, Steps(filling));
        fill.Stop();
        Done(filling);
        var events = await ScalarAsync(database, "SELECT COUNT(*) FROM delivery_events");

        var recomputing = progress?.AddTask($"Full recomputation ({events:N0} events)", maxValue: events);
        var full = Stopwatch.StartNew();
        await store.Statistics.ClearAsync(TimeProvider.System.GetUtcNow());
        var fullRun = await store.Statistics.FoldAsync(Vietnam, DateTimeOffset.MaxValue, batchSize, TimeProvider.System.GetUtcNow(), Events(recomputing));
        full.Stop();
        Done(recomputing);

        var adding = progress?.AddTask($"Writing {newLetters:N0} new letters", maxValue: SyntheticExchange.Statements);
        await synthetic.AddLettersAsync(letters + 1, letters + newLetters, Steps(adding));
        Done(adding);
        var folding = progress?.AddTask("Incremental run", maxValue: newLetters * 4);
        var incremental = Stopwatch.StartNew();
        var incrementalRun = await store.Statistics.FoldAsync(Vietnam, DateTimeOffset.MaxValue, batchSize, TimeProvider.System.GetUtcNow(), Events(folding));
        incremental.Stop();
        Done(folding);

        return new StatisticsBenchmarkResult(
            letters, newLetters, fullRun.Events, full.Elapsed.TotalSeconds, incrementalRun.Events, incremental.Elapsed.TotalSeconds,
            fill.Elapsed.TotalSeconds, await FiguresMatchAsync(database), path);
    }

    /// <summary>The national yearly figures must equal a direct count of the letters and deliveries.</summary>
    private static async Task<bool> FiguresMatchAsync(Database database)
    {
        var counted = await ScalarAsync(database, "SELECT SUM(sent) FROM stats_totals WHERE scope = '*' AND granularity = 4")
            + (await ScalarAsync(database, "SELECT SUM(received) FROM stats_totals WHERE scope = '*' AND granularity = 4") * 1_000_000_000);
        var direct = await ScalarAsync(database, "SELECT COUNT(*) FROM envelopes")
            + (await ScalarAsync(database, "SELECT COUNT(*) FROM deliveries WHERE state = 'Delivered'") * 1_000_000_000);
        return counted == direct;
    }

    private static async Task<long> ScalarAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, commandTimeout: 0);
    }

    /// <summary>Progress reports arrive asynchronously; a finished phase shows as finished.</summary>
    private static void Done(ProgressTask? task)
    {
        if (task is not null)
        {
            task.Value = task.MaxValue;
        }
    }

    private static Progress<int>? Steps(ProgressTask? task) => task is null ? null : new Progress<int>(done => task.Value = done);

    private static Progress<long>? Events(ProgressTask? task) => task is null ? null : new Progress<long>(done => task.Value = done);
}
