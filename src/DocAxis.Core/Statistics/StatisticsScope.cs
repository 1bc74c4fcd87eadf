using System.Globalization;
using DocAxis.Core.Agencies;

namespace DocAxis.Core.Statistics;

/// <summary>
/// Whose figures a row holds, as stored: one agency (its code), every agency of one level of
/// government ("level:2"), or the whole country ("*").
/// </summary>
public static class StatisticsScope
{
    public const string National = "*";

    public static string Of(AgencyCode agency) => agency.Value;

    public static string Of(GovernmentLevel level) => string.Create(CultureInfo.InvariantCulture, $"level:{(int)level}");
}
