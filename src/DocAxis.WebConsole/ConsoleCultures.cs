using System.Globalization;

namespace DocAxis.WebConsole;

/// <summary>Vietnamese by default; English as a choice, kept in a cookie.</summary>
public static class ConsoleCultures
{
    public const string Vietnamese = "vi-VN";
    public const string English = "en";

    public static readonly IList<CultureInfo> All = [new(Vietnamese), new(English)];
}
