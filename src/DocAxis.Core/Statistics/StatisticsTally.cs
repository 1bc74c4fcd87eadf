using DocAxis.Core.Agencies;

namespace DocAxis.Core.Statistics;

/// <summary>Which duration a histogram measures, always from the hub's acceptance of the letter.</summary>
public enum DurationMetric
{
    /// <summary>To the recipient node's delivery receipt.</summary>
    Delivery = 1,

    /// <summary>To the recipient DMS's 01 arrived.</summary>
    Arrival = 2,

    /// <summary>To the recipient DMS's 06 completed.</summary>
    Completion = 3,
}

/// <summary>A row of statistics: one scope, one period.</summary>
public readonly record struct PeriodKey(string Scope, Granularity Granularity, string Period);

/// <summary>Counts of one scope and period.</summary>
public sealed class PeriodTotals
{
    public long Sent { get; set; }

    public long Received { get; set; }

    public long Failed { get; set; }
}

/// <summary>
/// Adds up a batch of events in memory before they are merged into the stored figures, so a run
/// writes one row per scope and period touched rather than one per event. Letters sent and
/// failures count for the sender; deliveries and the recipient's processing times for the
/// recipient. Each fact counts for its agency, the agency's level of government and the country,
/// in the period (day, month, quarter, year) it happened in.
/// </summary>
public sealed class StatisticsTally(StatisticsCalendar calendar)
{
    private readonly Dictionary<PeriodKey, PeriodTotals> _totals = [];
    private readonly Dictionary<(PeriodKey Key, DurationMetric Metric), DurationHistogram> _durations = [];

    public IReadOnlyDictionary<PeriodKey, PeriodTotals> Totals => _totals;

    public IReadOnlyDictionary<(PeriodKey Key, DurationMetric Metric), DurationHistogram> Durations => _durations;

    public void Add(ExchangeFact fact)
    {
        switch (fact.Kind)
        {
            case ExchangeFactKind.LetterSent:
                Count(fact.At, fact.Sender, fact.SenderLevel, t => t.Sent++);
                break;
            case ExchangeFactKind.Failed:
                Count(fact.At, fact.Sender, fact.SenderLevel, t => t.Failed++);
                break;
            case ExchangeFactKind.Delivered:
                Count(fact.At, fact.Recipient, fact.RecipientLevel, t => t.Received++);
                Measure(fact, DurationMetric.Delivery);
                break;
            case ExchangeFactKind.Arrived:
                Measure(fact, DurationMetric.Arrival);
                break;
            case ExchangeFactKind.Completed:
                Measure(fact, DurationMetric.Completion);
                break;
        }
    }

    private void Count(DateTimeOffset at, string agency, GovernmentLevel? level, Action<PeriodTotals> add)
    {
        foreach (var key in Keys(at, agency, level))
        {
            if (!_totals.TryGetValue(key, out var totals))
            {
                _totals[key] = totals = new PeriodTotals();
            }

            add(totals);
        }
    }

    private void Measure(ExchangeFact fact, DurationMetric metric)
    {
        var bucket = DurationHistogram.BucketOf(fact.At - fact.AcceptedAt);
        foreach (var key in Keys(fact.At, fact.Recipient, fact.RecipientLevel))
        {
            if (!_durations.TryGetValue((key, metric), out var histogram))
            {
                _durations[(key, metric)] = histogram = new DurationHistogram();
            }

            histogram.Add(bucket, 1);
        }
    }

    private IEnumerable<PeriodKey> Keys(DateTimeOffset at, string agency, GovernmentLevel? level)
    {
        var date = calendar.LocalDate(at);
        foreach (var granularity in StatisticsCalendar.All)
        {
            var period = StatisticsCalendar.Name(date, granularity);
            yield return new PeriodKey(agency, granularity, period);
            if (level is { } l)
            {
                yield return new PeriodKey(StatisticsScope.Of(l), granularity, period);
            }

            yield return new PeriodKey(StatisticsScope.National, granularity, period);
        }
    }
}
