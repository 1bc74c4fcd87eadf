using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DocAxis.Core.Agencies;

/// <summary>
/// The national electronic identifier of an agency, <c>NNN.NN.NN.Xnn</c> (e.g. <c>000.00.00.G22</c>).
/// Only the format is checked: whether the agency exists is the directory's business.
/// </summary>
public readonly partial record struct AgencyCode
{
    private AgencyCode(string value) => Value = value;

    public string Value { get; }

    public static AgencyCode Parse(string? text, string field = "agency_code") =>
        TryParse(text, out var code)
            ? code
            : throw new RefusalException(
                RefusalReason.AgencyCodeMalformed,
                $"{field} \"{text}\" is not an agency code of the form NNN.NN.NN.Xnn (e.g. 000.00.00.G22).",
                field);

    public static bool TryParse([NotNullWhen(true)] string? text, out AgencyCode code)
    {
        if (text is not null && Pattern().IsMatch(text))
        {
            code = new AgencyCode(text);
            return true;
        }

        code = default;
        return false;
    }

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex(@"\A[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
