using System.Globalization;

namespace DocAxis.EdXml;

/// <summary>
/// Dates as packages write them. The standard writes yyyy/MM/dd; packages in the wild also use ISO
/// dates and the Vietnamese dd/MM/yyyy, sometimes with a time. Export always writes yyyy/MM/dd.
/// </summary>
public static class EdXmlDates
{
    public const string DateFormat = "yyyy/MM/dd";
    public const string TimestampFormat = "yyyy/MM/dd HH:mm:ss";

    private static readonly string[] DateFormats =
    [
        "yyyy/MM/dd", "yyyy-MM-dd", "dd/MM/yyyy", "yyyy/M/d", "d/M/yyyy",
        "yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "dd/MM/yyyy HH:mm:ss",
    ];

    public static bool TryParseDate(string text, out DateOnly date)
    {
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            date = DateOnly.FromDateTime(value);
            return true;
        }

        date = default;
        return false;
    }

    public static bool TryParseTimestamp(string text, out DateTime value) =>
        DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>The Manifest's ISO form, "YYYY-MM-DD".</summary>
    public static string ToManifest(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string ToPackage(string manifestDate) =>
        DateOnly.TryParseExact(manifestDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString(DateFormat, CultureInfo.InvariantCulture)
            : manifestDate;
}
