using System.Globalization;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Statistics;
using DocAxis.Storage.Hub;
using Google.Protobuf.WellKnownTypes;
using Granularity = DocAxis.Core.Statistics.Granularity;
using GovernmentLevel = DocAxis.Core.Agencies.GovernmentLevel;

namespace DocAxis.Hub.Statistics;

/// <summary>
/// Answers a statistics query from the stored figures: one entry per period of the range, the
/// paper counts of the months it spans, the share of electronic exchange and duration percentiles.
/// </summary>
public sealed class StatisticsReader(HubStore store, ExchangeStatistics statistics, TimeProvider time)
{
    public async Task<StatisticsReport> ReadAsync(StatisticsQuery query)
    {
        var granularity = query.Granularity == Contracts.V1.Granularity.Unspecified ? Granularity.Month : (Granularity)query.Granularity;
        if (!System.Enum.IsDefined(granularity))
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"granularity {query.Granularity} is not day, month, quarter or year.", "granularity");
        }

        var (scope, scopeName, agency, level) = Scope(query);
        var to = query.To.Length == 0 ? statistics.Calendar.LocalDate(time.GetUtcNow()) : Day(query.To, "to");
        var from = query.From.Length == 0 ? DefaultStart(to, granularity) : Day(query.From, "from");
        var periods = StatisticsCalendar.Periods(from, to, granularity);

        var totals = (await store.Statistics.TotalsAsync(scope, granularity, periods[0], periods[^1])).ToDictionary(t => t.Period);
        var durations = (await store.Statistics.DurationsAsync(scope, granularity, periods[0], periods[^1]))
            .GroupBy(d => (d.Period, Metric: (DurationMetric)d.Metric))
            .ToDictionary(g => g.Key, g => Histogram(g.Select(d => (d.Bucket, d.Count))));
        var paper = granularity == Granularity.Day ? [] : await PaperAsync(agency, level, from, to, granularity);
        var progress = await store.Statistics.ProgressAsync();

        var report = new StatisticsReport
        {
            Scope = scopeName,
            Granularity = (Contracts.V1.Granularity)granularity,
            LastEventId = progress.LastEventId,
            UpdatedAt = progress.UpdatedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            UtcOffset = (statistics.Calendar.UtcOffset < TimeSpan.Zero ? "-" : "+") + statistics.Calendar.UtcOffset.ToString(@"hh\:mm", CultureInfo.InvariantCulture),
        };
        foreach (var period in periods)
        {
            var row = totals.GetValueOrDefault(period);
            var figures = new PeriodStatistics
            {
                Period = period,
                Sent = (ulong)(row?.Sent ?? 0),
                Received = (ulong)(row?.Received ?? 0),
                Failed = (ulong)(row?.Failed ?? 0),
                Delivery = Summary(durations.GetValueOrDefault((period, DurationMetric.Delivery))),
                Arrival = Summary(durations.GetValueOrDefault((period, DurationMetric.Arrival))),
                Completion = Summary(durations.GetValueOrDefault((period, DurationMetric.Completion))),
            };
            if (paper.TryGetValue(period, out var paperSent))
            {
                figures.PaperReported = true;
                figures.PaperSent = (ulong)paperSent;
                if (figures.Sent + figures.PaperSent > 0)
                {
                    figures.ElectronicShare = (double)figures.Sent / (figures.Sent + figures.PaperSent);
                }
            }

            report.Periods.Add(figures);
        }

        return report;
    }

    private static (string Scope, string Name, AgencyCode? Agency, GovernmentLevel? Level) Scope(StatisticsQuery query)
    {
        switch (query.ScopeCase)
        {
            case StatisticsQuery.ScopeOneofCase.AgencyCode:
                var agency = AgencyCode.Parse(query.AgencyCode);
                return (StatisticsScope.Of(agency), $"agency:{agency.Value}", agency, null);
            case StatisticsQuery.ScopeOneofCase.Level:
                var level = (GovernmentLevel)query.Level;
                if (!System.Enum.IsDefined(level))
                {
                    throw new RefusalException(RefusalReason.FieldInvalid, "level must be central, province, district or commune.", "level");
                }

                return (StatisticsScope.Of(level), $"level:{level.ToString().ToLowerInvariant()}", null, level);
            default:
                return (StatisticsScope.National, "national", null, null);
        }
    }

    /// <summary>Paper counts per period: each reported month added to the period that contains it.</summary>
    private async Task<Dictionary<string, long>> PaperAsync(AgencyCode? agency, GovernmentLevel? level, DateOnly from, DateOnly to, Granularity granularity)
    {
        var firstMonth = StatisticsCalendar.Name(StatisticsCalendar.Start(from, granularity), Granularity.Month);
        var lastMonth = StatisticsCalendar.Name(to, Granularity.Month);
        var months = await store.Statistics.PaperAsync(agency, level, firstMonth, lastMonth);
        return months
            .GroupBy(m => StatisticsCalendar.Name(StatisticsCalendar.ParseMonth(m.Month), granularity))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.PaperSent));
    }

    private static DateOnly DefaultStart(DateOnly to, Granularity granularity)
    {
        var start = StatisticsCalendar.Start(to, granularity);
        return granularity switch
        {
            Granularity.Day => start.AddDays(-29),
            Granularity.Month => start.AddMonths(-11),
            Granularity.Quarter => start.AddMonths(-9),
            _ => start.AddYears(-4),
        };
    }

    private static DateOnly Day(string text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new RefusalException(RefusalReason.FieldInvalid, $"{field} \"{text}\" is not a date in the form YYYY-MM-DD.", field);

    private static DurationHistogram Histogram(IEnumerable<(long Bucket, long Count)> buckets)
    {
        var histogram = new DurationHistogram();
        foreach (var (bucket, count) in buckets)
        {
            histogram.Add((int)bucket, count);
        }

        return histogram;
    }

    private static DurationSummary Summary(DurationHistogram? histogram) => histogram is null
        ? new DurationSummary()
        : new DurationSummary
        {
            Count = (ulong)histogram.Count,
            P50Ms = histogram.Percentile(0.50)?.TotalMilliseconds ?? 0,
            P95Ms = histogram.Percentile(0.95)?.TotalMilliseconds ?? 0,
        };
}
