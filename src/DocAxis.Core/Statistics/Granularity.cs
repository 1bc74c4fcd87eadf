namespace DocAxis.Core.Statistics;

/// <summary>How long a statistics period is.</summary>
public enum Granularity
{
    Day = 1,
    Month = 2,
    Quarter = 3,
    Year = 4,
}
