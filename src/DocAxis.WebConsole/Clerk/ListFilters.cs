using System.Globalization;
using DocAxis.Storage.Node;

namespace DocAxis.WebConsole.Clerk;

/// <summary>A list's query string read into a filter; what does not parse does not filter.</summary>
public static class ListFilters
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static LetterFilter Parse(string? search, string? counterpart, string? state, string? from, string? to) => new(
        Day(from), Day(to)?.AddDays(1), Bounded(counterpart, 20), state, Bounded(search, 200));

    /// <summary>The trimmed text cut to <paramref name="most"/> characters, or null for nothing.</summary>
    public static string? Bounded(string? text, int most) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, most)];

    /// <summary>A day as people in Vietnam mean it: from its midnight there.</summary>
    public static DateTimeOffset? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Vietnam.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue)))
            : null;
}
