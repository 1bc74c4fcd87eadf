using System.Globalization;

namespace DocAxis.Core.Statistics;

/// <summary>
/// Names the period an instant falls in, in the hub's civil time zone (Vietnam is UTC+7): a letter
/// sent at 23:30 local time on 31 December counts for that year, not the next. Period names sort
/// in time order within a granularity: "2026-11-24", "2026-11", "2026-Q4", "2026".
/// </summary>
public sealed class StatisticsCalendar(TimeSpan utcOffset)
{
    public static readonly Granularity[] All = [Granularity.Day, Granularity.Month, Granularity.Quarter, Granularity.Year];

    public TimeSpan UtcOffset { get; } = utcOffset;

    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(UtcOffset).DateTime);

    public string PeriodOf(DateTimeOffset at, Granularity granularity) => Name(LocalDate(at), granularity);

    public static string Name(DateOnly date, Granularity granularity) => granularity switch
    {
        Granularity.Day => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Granularity.Month => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        Granularity.Quarter => string.Create(CultureInfo.InvariantCulture, $"{date.Year:D4}-Q{((date.Month - 1) / 3) + 1}"),
        Granularity.Year => date.Year.ToString("D4", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    /// <summary>The first day of the period that contains <paramref name="date"/>.</summary>
    public static DateOnly Start(DateOnly date, Granularity granularity) => granularity switch
    {
        Granularity.Day => date,
        Granularity.Month => new DateOnly(date.Year, date.Month, 1),
        Granularity.Quarter => new DateOnly(date.Year, (((date.Month - 1) / 3) * 3) + 1, 1),
        Granularity.Year => new DateOnly(date.Year, 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    public static DateOnly Next(DateOnly start, Granularity granularity) => granularity switch
    {
        Granularity.Day => start.AddDays(1),
        Granularity.Month => start.AddMonths(1),
        Granularity.Quarter => start.AddMonths(3),
        Granularity.Year => start.AddYears(1),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, null),
    };

    /// <summary>Every period from the one containing <paramref name="from"/> to the one containing <paramref name="to"/>, in order.</summary>
    public static IReadOnlyList<string> Periods(DateOnly from, DateOnly to, Granularity granularity, int limit = 1000)
    {
        if (to < from)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", "to");
        }

        var periods = new List<string>();
        for (var day = Start(from, granularity); day <= to; day = Next(day, granularity))
        {
            if (periods.Count == limit)
            {
                throw new RefusalException(RefusalReason.LimitExceeded, $"The range spans more than {limit} {granularity.ToString().ToLowerInvariant()}s; ask for a coarser granularity or a shorter range.", "to");
            }

            periods.Add(Name(day, granularity));
        }

        return periods;
    }

    /// <summary>
    /// Parses a month as agencies report paper counts ("YYYY-MM"): the unit every coarser period
    /// is made of, so paper counts add up to quarters and years exactly.
    /// </summary>
    public static DateOnly ParseMonth(string? text, string field = "month") =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month
            : throw new RefusalException(RefusalReason.FieldInvalid, $"{field} \"{text}\" is not a month in the form YYYY-MM.", field);
}
