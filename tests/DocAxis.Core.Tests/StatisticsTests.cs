using DocAxis.Core;
using DocAxis.Core.Statistics;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class StatisticsCalendarTests
{
    private static readonly StatisticsCalendar Vietnam = new(TimeSpan.FromHours(7));

    [TestMethod]
    [DataRow("2026-12-31T16:59:59Z", "2026-12-31", "2026-12", "2026-Q4", "2026")]
    [DataRow("2026-12-31T17:00:00Z", "2027-01-01", "2027-01", "2027-Q1", "2027")]
    [DataRow("2026-06-30T20:00:00Z", "2026-07-01", "2026-07", "2026-Q3", "2026")]
    public void PeriodsAreNamedInVietnamsCivilTime(string utc, string day, string month, string quarter, string year)
    {
        var at = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(day, Vietnam.PeriodOf(at, Granularity.Day));
        Assert.AreEqual(month, Vietnam.PeriodOf(at, Granularity.Month));
        Assert.AreEqual(quarter, Vietnam.PeriodOf(at, Granularity.Quarter));
        Assert.AreEqual(year, Vietnam.PeriodOf(at, Granularity.Year));
    }

    [TestMethod]
    public void ARangeListsEveryPeriodItTouchesInOrder()
    {
        CollectionAssert.AreEqual(
            new[] { "2026-Q3", "2026-Q4", "2027-Q1" },
            StatisticsCalendar.Periods(new DateOnly(2026, 9, 30), new DateOnly(2027, 1, 2), Granularity.Quarter).ToArray());
        CollectionAssert.AreEqual(
            new[] { "2026-12-31", "2027-01-01" },
            StatisticsCalendar.Periods(new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 1), Granularity.Day).ToArray());
    }

    [TestMethod]
    public void ABackwardOrEndlessRangeIsRefusedWithItsField()
    {
        var backward = Assert.ThrowsExactly<RefusalException>(() => StatisticsCalendar.Periods(new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1), Granularity.Day));
        Assert.AreEqual(RefusalReason.FieldInvalid, backward.Reason);
        var endless = Assert.ThrowsExactly<RefusalException>(() => StatisticsCalendar.Periods(new DateOnly(2000, 1, 1), new DateOnly(2026, 1, 1), Granularity.Day));
        Assert.AreEqual(RefusalReason.LimitExceeded, endless.Reason);
    }

    [TestMethod]
    [DataRow("2026-13")]
    [DataRow("2026-1")]
    [DataRow("11/2026")]
    [DataRow("")]
    public void AMonthMustBeYearDashMonth(string text)
    {
        var refusal = Assert.ThrowsExactly<RefusalException>(() => StatisticsCalendar.ParseMonth(text));
        Assert.AreEqual("month", refusal.Details["field"]);
    }
}

[TestClass]
public sealed class DurationHistogramTests
{
    [TestMethod]
    public void EachBucketIsAboutNineteenPercentWiderThanTheOneBefore()
    {
        for (var bucket = 1; bucket < 150; bucket++)
        {
            var ratio = DurationHistogram.UpperBound(bucket + 1) / DurationHistogram.UpperBound(bucket);
            Assert.AreEqual(Math.Pow(2, 0.25), ratio, 1e-3, $"bucket {bucket}");
        }

        Assert.AreEqual(0, DurationHistogram.BucketOf(TimeSpan.FromMicroseconds(300)));
        var oneSecond = DurationHistogram.BucketOf(TimeSpan.FromSeconds(1));
        Assert.IsTrue(DurationHistogram.UpperBound(oneSecond) > TimeSpan.FromSeconds(1));
        Assert.IsTrue(DurationHistogram.UpperBound(oneSecond - 1) <= TimeSpan.FromSeconds(1));
    }

    [TestMethod]
    public void PercentilesAreWithinOneBucketOfTheExactValue()
    {
        var histogram = new DurationHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Add(TimeSpan.FromMilliseconds(ms * 37));
        }

        Assert.AreEqual(1000L, histogram.Count);
        foreach (var (fraction, exact) in new[] { (0.5, 500 * 37.0), (0.95, 950 * 37.0), (0.99, 990 * 37.0) })
        {
            var estimate = histogram.Percentile(fraction)!.Value.TotalMilliseconds;
            Assert.IsTrue(estimate >= exact && estimate <= exact * Math.Pow(2, 0.25), $"p{fraction * 100}: {estimate} ms for {exact} ms");
        }

        Assert.IsNull(new DurationHistogram().Percentile(0.5));
    }

    [TestMethod]
    public void HistogramsMergeByAddingTheirBuckets()
    {
        var whole = new DurationHistogram();
        var merged = new DurationHistogram();
        var parts = new[] { new DurationHistogram(), new DurationHistogram() };
        for (var i = 0; i < 500; i++)
        {
            var duration = TimeSpan.FromMilliseconds((i * 7919) % 100_000);
            whole.Add(duration);
            parts[i % 2].Add(duration);
        }

        foreach (var (bucket, count) in parts.SelectMany(p => p.Buckets))
        {
            merged.Add(bucket, count);
        }

        CollectionAssert.AreEqual(whole.Buckets.ToList(), merged.Buckets.ToList());
        Assert.AreEqual(whole.Percentile(0.95), merged.Percentile(0.95));
    }
}

[TestClass]
public sealed class StatisticsTallyTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void SentAndFailedCountForTheSenderDeliveriesForTheRecipientEachAtThreeScopesAndFourPeriods()
    {
        var tally = new StatisticsTally(new StatisticsCalendar(TimeSpan.FromHours(7)));
        tally.Add(Fact(ExchangeFactKind.LetterSent, Accepted));
        tally.Add(Fact(ExchangeFactKind.Delivered, Accepted.AddSeconds(3)));
        tally.Add(Fact(ExchangeFactKind.Failed, Accepted.AddDays(3)));
        tally.Add(Fact(ExchangeFactKind.Arrived, Accepted.AddMinutes(5)));

        // Month, quarter and year: sender, central level, recipient, provincial level, national (5 each);
        // the 24th has the same five; the 27th, the day of the failure, the sender's three.
        Assert.HasCount((3 * 5) + 5 + 3, tally.Totals);
        var national = tally.Totals[new PeriodKey(StatisticsScope.National, Granularity.Month, "2026-11")];
        Assert.AreEqual((1L, 1L, 1L), (national.Sent, national.Received, national.Failed));
        Assert.AreEqual(1L, tally.Totals[new PeriodKey("000.00.00.G22", Granularity.Day, "2026-11-24")].Sent);
        Assert.AreEqual(1L, tally.Totals[new PeriodKey("000.00.00.G22", Granularity.Day, "2026-11-27")].Failed);
        Assert.AreEqual(1L, tally.Totals[new PeriodKey("level:2", Granularity.Year, "2026")].Received);
        Assert.IsFalse(tally.Totals.ContainsKey(new PeriodKey("000.00.00.H41", Granularity.Day, "2026-11-27")), "a failure is the sender's figure");

        var arrival = tally.Durations[(new PeriodKey("000.00.00.H41", Granularity.Day, "2026-11-24"), DurationMetric.Arrival)];
        var median = arrival.Percentile(0.5)!.Value;
        Assert.IsTrue(median >= TimeSpan.FromMinutes(5) && median <= TimeSpan.FromMinutes(5) * 1.19, $"median arrival {median}");
    }

    private static ExchangeFact Fact(ExchangeFactKind kind, DateTimeOffset at) =>
        new(kind, at, Accepted, "000.00.00.G22", Agencies.GovernmentLevel.Central, "000.00.00.H41", Agencies.GovernmentLevel.Province);
}
