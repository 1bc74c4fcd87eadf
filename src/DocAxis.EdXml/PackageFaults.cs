using System.Globalization;
using System.Xml;
using DocAxis.Core;

namespace DocAxis.EdXml;

/// <summary>
/// The refusals a package earns, each naming the element at fault and where it is, so that a DMS
/// developer can open the package at the line and column the message gives.
/// </summary>
public static class PackageFaults
{
    /// <param name="line">Where the reader was, for the exceptions that do not say.</param>
    public static RefusalException Malformed(XmlException e, int line, int column) =>
        new(
            RefusalReason.PackageMalformed,
            e.Message.Contains("DTD", StringComparison.Ordinal)
                ? "The edXML package declares a DTD (a <!DOCTYPE> before its root element); DTDs and entities are never processed here."
                : $"The edXML package is not well-formed XML: {Sentence(e.Message)}",
            Where(null, line, column));

    public static RefusalException Invalid(string field, string problem, IXmlLineInfo? at) =>
        new(RefusalReason.PackageInvalid, $"{field}{Location(at)}: {problem}", Where(field, at?.LineNumber ?? 0, at?.LinePosition ?? 0));

    public static RefusalException KindMismatch(string problem) => new(RefusalReason.PackageKindMismatch, problem);

    private static string Location(IXmlLineInfo? at) =>
        at is { } info && info.HasLineInfo() ? string.Create(CultureInfo.InvariantCulture, $" (line {info.LineNumber}, column {info.LinePosition})") : string.Empty;

    private static Dictionary<string, string> Where(string? field, int line, int column)
    {
        var details = new Dictionary<string, string>();
        if (field is not null)
        {
            details["field"] = field;
        }

        if (line > 0)
        {
            details["line"] = line.ToString(CultureInfo.InvariantCulture);
            details["column"] = column.ToString(CultureInfo.InvariantCulture);
        }

        return details;
    }

    private static string Sentence(string message) => message.EndsWith('.') ? message : message + ".";
}
