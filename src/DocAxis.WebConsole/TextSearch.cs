using System.Globalization;
using System.Text;

namespace DocAxis.WebConsole;

/// <summary>
/// Matching what a person types against Vietnamese names, with or without diacritics: "nghe an"
/// finds "Nghệ An", "da nang" finds "Đà Nẵng". Vietnamese collation keeps ê, ơ, đ… apart from
/// e, o, d, so culture-aware comparison does not do it; folding both sides does.
/// </summary>
public static class TextSearch
{
    public static bool Matches(string text, string words) =>
        Fold(text).Contains(Fold(words), StringComparison.Ordinal);

    /// <summary>Lower case, without combining marks, đ as d.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }
}
