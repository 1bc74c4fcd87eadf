using Dapper;
using DocAxis.Core.Agencies;
using DocAxis.Core.Statistics;
using DocAxis.Storage.Hub;

namespace DocAxis.Storage.Statistics;

/// <summary>
/// The exchange statistics: figures folded incrementally from the delivery events, and the paper
/// counts agencies report. Each batch of events and the watermark past it are written in one
/// transaction, so a run that dies half-way counts nothing twice and loses nothing.
/// </summary>
public sealed class StatisticsStore(Database database)
{
    private static readonly string ArrivedCode = Core.Deliveries.ProcessingStatus.Arrived.Code;
    private static readonly string CompletedCode = Core.Deliveries.ProcessingStatus.Completed.Code;

    private readonly StatisticsStatements _sql = StatisticsStatements.For(database.Provider);

    public async Task<StatisticsProgress> ProgressAsync()
    {
        await using var connection = await database.OpenAsync();
        var (last, updated) = await connection.QuerySingleAsync<(long, long)>(_sql.Progress);
        return new StatisticsProgress(last, updated == 0 ? null : Epoch.FromMs(updated));
    }

    /// <summary>
    /// Folds the events recorded since the last run into the figures, a batch at a time, stopping at
    /// the first event newer than <paramref name="settledBefore"/>: on PostgreSQL an event id can
    /// become visible after a higher one, so only events old enough for every earlier transaction
    /// to have committed are counted, and the rest wait for the next run.
    /// </summary>
    public async Task<StatisticsRun> FoldAsync(
        StatisticsCalendar calendar, DateTimeOffset settledBefore, int batchSize, DateTimeOffset now,
        IProgress<long>? folded = null, CancellationToken cancellationToken = default)
    {
        var settled = Epoch.ToMs(settledBefore);
        long events = 0;
        var last = (await ProgressAsync()).LastEventId;
        while (!cancellationToken.IsCancellationRequested)
        {
            List<StatisticsEventRow> rows;
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                rows = [.. await connection.QueryAsync<StatisticsEventRow>(_sql.EventsAfter, new { after = last, limit = batchSize })];
            }

            var tally = new StatisticsTally(calendar);
            var next = last;
            var reachedUnsettled = false;
            foreach (var row in rows)
            {
                if (row.At >= settled)
                {
                    reachedUnsettled = true;
                    break;
                }

                if (ToFact(row) is { } fact)
                {
                    tally.Add(fact);
                }

                next = row.Id;
            }

            if (next == last)
            {
                return new StatisticsRun(events, last);
            }

            await WriteAsync(tally, last, next, now, cancellationToken);
            events += rows.Count(r => r.Id <= next);
            last = next;
            folded?.Report(events);
            if (reachedUnsettled || rows.Count < batchSize)
            {
                return new StatisticsRun(events, last);
            }
        }

        return new StatisticsRun(events, last);
    }

    /// <summary>Forgets every figure so that the next fold counts all events again (after a change of time zone, say).</summary>
    public Task ClearAsync(DateTimeOffset now) => database.InTransactionAsync(async (connection, transaction) =>
    {
        foreach (var statement in _sql.Clear)
        {
            await connection.ExecuteAsync(statement, new { Now = Epoch.ToMs(now) }, transaction);
        }

        return true;
    });

    public async Task<IReadOnlyList<TotalsRow>> TotalsAsync(string scope, Granularity granularity, string from, string to)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<TotalsRow>(_sql.Totals, new { scope, granularity = (int)granularity, from, to })];
    }

    public async Task<IReadOnlyList<DurationRow>> DurationsAsync(string scope, Granularity granularity, string from, string to)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<DurationRow>(_sql.Durations, new { scope, granularity = (int)granularity, from, to })];
    }

    /// <summary>Records an agency's paper count for a month, replacing an earlier report; returns the count it replaced.</summary>
    public Task<long?> ReportPaperAsync(AgencyCode agency, string month, long paperSent, string reportedBy, DateTimeOffset at) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var key = new { AgencyCode = agency.Value, Month = month };
            var previous = await connection.QuerySingleOrDefaultAsync<long?>(_sql.GetPaper, key, transaction);
            await connection.ExecuteAsync(_sql.PutPaper, new
            {
                AgencyCode = agency.Value, Month = month, PaperSent = paperSent, ReportedBy = reportedBy, ReportedAt = Epoch.ToMs(at),
            }, transaction);
            return previous;
        });

    /// <summary>Paper counts per month between two months ("YYYY-MM"), for one agency, one level or (both null) everyone.</summary>
    public async Task<IReadOnlyList<PaperMonthRow>> PaperAsync(AgencyCode? agency, GovernmentLevel? level, string fromMonth, string toMonth)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<PaperMonthRow>(
            _sql.Paper, new { agency = agency?.Value, level = (int?)level, from = fromMonth, to = toMonth })];
    }

    private Task WriteAsync(StatisticsTally tally, long previous, long next, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteAsync(_sql.Advance, new { Previous = previous, Next = next, Now = Epoch.ToMs(now) }, transaction) != 1)
            {
                throw new InvalidOperationException(
                    "Another statistics run moved the watermark meanwhile; this batch was not counted and will be by the next run.");
            }

            await connection.ExecuteAsync(_sql.AddTotals, tally.Totals.Select(t => new
            {
                t.Key.Scope, Granularity = (int)t.Key.Granularity, t.Key.Period, t.Value.Sent, t.Value.Received, t.Value.Failed,
            }), transaction);
            await connection.ExecuteAsync(_sql.AddDurations, tally.Durations.SelectMany(d => d.Value.Buckets.Select(b => new
            {
                d.Key.Key.Scope, Granularity = (int)d.Key.Key.Granularity, d.Key.Key.Period, Metric = (int)d.Key.Metric, Bucket = b.Key, Count = b.Value,
            })), transaction);
            return true;
        }, cancellationToken);

    private static ExchangeFact? ToFact(StatisticsEventRow row)
    {
        ExchangeFactKind? kind = row.Kind switch
        {
            DeliveryEventKind.Accepted when row.Position == 0 => ExchangeFactKind.LetterSent,
            DeliveryEventKind.Delivered => ExchangeFactKind.Delivered,
            DeliveryEventKind.Failed => ExchangeFactKind.Failed,
            DeliveryEventKind.Status when row.StatusCode == ArrivedCode => ExchangeFactKind.Arrived,
            DeliveryEventKind.Status when row.StatusCode == CompletedCode => ExchangeFactKind.Completed,
            _ => null,
        };
        return kind is { } k
            ? new ExchangeFact(
                k, Epoch.FromMs(row.At), Epoch.FromMs(row.AcceptedAt), row.SenderCode, (GovernmentLevel?)row.SenderLevel, row.RecipientCode, (GovernmentLevel?)row.RecipientLevel)
            : null;
    }
}
