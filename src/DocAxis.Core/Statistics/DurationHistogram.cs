namespace DocAxis.Core.Statistics;

/// <summary>
/// Durations counted in logarithmic buckets, four per doubling (each about 19% wider than the one
/// before), so that percentiles of millions of deliveries can be kept as a few dozen counters per
/// period and merged by adding them. A percentile is accurate to within one bucket.
/// </summary>
public sealed class DurationHistogram
{
    private const double BucketsPerDoubling = 4;

    private readonly SortedDictionary<int, long> _counts = [];

    public long Count { get; private set; }

    public IReadOnlyDictionary<int, long> Buckets => _counts;

    /// <summary>The bucket a duration falls in: 0 for anything under a millisecond.</summary>
    public static int BucketOf(TimeSpan duration)
    {
        var ms = duration.TotalMilliseconds;
        return ms < 1 ? 0 : (int)Math.Floor(Math.Log2(ms) * BucketsPerDoubling) + 1;
    }

    /// <summary>The longest duration bucket <paramref name="bucket"/> holds.</summary>
    public static TimeSpan UpperBound(int bucket) =>
        bucket <= 0 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(Math.Pow(2, bucket / BucketsPerDoubling));

    public void Add(TimeSpan duration) => Add(BucketOf(duration), 1);

    public void Add(int bucket, long count)
    {
        _counts[bucket] = _counts.GetValueOrDefault(bucket) + count;
        Count += count;
    }

    /// <summary>The duration below which <paramref name="fraction"/> of the counted ones lie (the upper bound of its bucket); null if empty.</summary>
    public TimeSpan? Percentile(double fraction)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(fraction * Count));
        long seen = 0;
        foreach (var (bucket, count) in _counts)
        {
            seen += count;
            if (seen >= rank)
            {
                return UpperBound(bucket);
            }
        }

        return UpperBound(_counts.Keys.Last());
    }
}
