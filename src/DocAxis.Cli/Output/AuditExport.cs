using System.Globalization;
using DocAxis.Cli.Commands;
using DocAxis.Contracts.V1;

namespace DocAxis.Cli.Output;

/// <summary>Exchange-log entries as CSV (RFC 4180) or JSON Lines, for auditors' own tools.</summary>
public static class AuditExport
{
    private static readonly string[] Columns = ["seq", "at", "actor", "action", "outcome", "envelope_id", "reason", "detail", "hash"];

    public static async Task WriteAsync(TextWriter writer, AuditFormat format, IEnumerable<AuditEntry> entries)
    {
        if (format == AuditFormat.Csv)
        {
            await writer.WriteLineAsync(string.Join(',', Columns));
        }

        foreach (var entry in entries)
        {
            await writer.WriteLineAsync(format == AuditFormat.Csv ? CsvLine(entry) : Json.Serialize(Fields(entry)));
        }
    }

    private static Dictionary<string, object> Fields(AuditEntry e) => new()
    {
        ["seq"] = e.Seq,
        ["at"] = e.At.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture),
        ["actor"] = e.Actor,
        ["action"] = e.Action,
        ["outcome"] = e.Outcome,
        ["envelope_id"] = e.EnvelopeId,
        ["reason"] = e.Reason,
        ["detail"] = e.Detail,
        ["hash"] = Convert.ToHexStringLower(e.Hash.Span),
    };

    private static string CsvLine(AuditEntry entry) =>
        string.Join(',', Fields(entry).Values.Select(v => Quote(Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty)));

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
