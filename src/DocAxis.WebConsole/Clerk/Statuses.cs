using Microsoft.Extensions.Localization;

namespace DocAxis.WebConsole.Clerk;

/// <summary>The edXML status codes in words, as a clerk knows them.</summary>
public static class Statuses
{
    public static readonly IReadOnlyList<(string Code, string Words)> Reportable =
    [
        ("01", "Đã đến"), ("02", "Từ chối tiếp nhận"), ("03", "Đã tiếp nhận"),
        ("04", "Phân công xử lý"), ("05", "Đang xử lý"), ("06", "Hoàn thành"),
    ];

    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["01"] = "Đã đến", ["02"] = "Từ chối tiếp nhận", ["03"] = "Đã tiếp nhận", ["04"] = "Phân công xử lý",
        ["05"] = "Đang xử lý", ["06"] = "Hoàn thành", ["13"] = "Yêu cầu thu hồi", ["15"] = "Đồng ý thu hồi", ["16"] = "Từ chối thu hồi",
    };

    public static string Describe(IStringLocalizer text, string? code) =>
        code is null or "" ? "" : Words.TryGetValue(code, out var words) ? $"{code} · {text[words]}" : code;
}
