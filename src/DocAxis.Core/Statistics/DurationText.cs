namespace DocAxis.Core.Statistics;

/// <summary>A duration in the unit a person reads it in: 850 ms, 4.2 s, 3.5 min, 2.0 h, 1.5 d.</summary>
public static class DurationText
{
    public static string Of(double ms) => ms switch
    {
        < 1_000 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms:F0} ms"),
        < 60_000 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms / 1_000:F1} s"),
        < 3_600_000 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms / 60_000:F1} min"),
        < 86_400_000 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms / 3_600_000:F1} h"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ms / 86_400_000:F1} d"),
    };
}
