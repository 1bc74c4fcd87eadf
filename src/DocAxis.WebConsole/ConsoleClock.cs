using System.Globalization;
using DocAxis.Storage;

namespace DocAxis.WebConsole;

/// <summary>Shows times as a Vietnamese office reads them: in Vietnam's time zone, day first.</summary>
public sealed class ConsoleClock(string timeZone)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);

    public string Show(long? epochMs) => epochMs is { } ms ? Show(Epoch.FromMs(ms)) : "";

    public string Show(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The day it is in the console's time zone.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);

    /// <summary>The ISO form, for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(long epochMs) => Epoch.FromMs(epochMs).ToString("O", CultureInfo.InvariantCulture);
}
