using System.Globalization;
using System.Text;

namespace DocAxis.Core.Letters;

/// <summary>
/// Text folded for searching as people type Vietnamese, with or without diacritics: lower case,
/// combining marks dropped, đ as d ("Hội nghị" and "hoi nghi" both fold to "hoi nghi").
/// Vietnamese collation keeps ê, ơ, đ apart from e, o, d, so culture-aware comparison does not do it.
/// </summary>
public static class SearchText
{
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

    /// <summary>A letter's searchable words: its subject, number and notation, folded.</summary>
    public static string Of(string subject, string? number, string? notation) => Fold($"{subject} {number}/{notation}");

    public static bool Matches(string text, string words) => Fold(text).Contains(Fold(words), StringComparison.Ordinal);
}
