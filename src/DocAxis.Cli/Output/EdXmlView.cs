using System.Globalization;
using DocAxis.Cli.Commands;
using DocAxis.EdXml;
using Spectre.Console;

namespace DocAxis.Cli.Output;

/// <summary>What <c>docaxis edxml check</c> prints: the manifest a package maps to, for people or as JSON.</summary>
public static class EdXmlView
{
    public static void Show(string name, CheckedPackage result, bool json)
    {
        if (json)
        {
            Json.Write(new
            {
                valid = true,
                kind = result.Package.Kind.ToString().ToLowerInvariant(),
                manifest = result.Letter is null ? (object?)null : Json.Of(result.Letter),
                status = result.Package.Status is { } s ? new
                {
                    from = Json.Of(s.From),
                    response_for = Json.Of(s.ResponseFor),
                    staff = Json.Of(s.Staff),
                    status_code = s.StatusCode,
                    description = s.Description,
                    timestamp = s.Timestamp.ToString(EdXmlDates.TimestampFormat, CultureInfo.InvariantCulture),
                } : null,
                xmldsig = result.Signature is { } check ? new { verifies = check.Verifies, reason = check.Reason, weak_algorithm = check.WeakAlgorithm } : null,
                notes = result.Notes,
            });
            return;
        }

        var grid = new Table().Border(TableBorder.Rounded).Title($"[green]{name.EscapeMarkup()} is a valid edXML {result.Package.Kind.ToString().ToLowerInvariant()}[/]")
            .AddColumn("Field").AddColumn("Value");
        if (result.Letter is { } letter)
        {
            Row(grid, "From", $"{letter.Sender.Code} {letter.Sender.Name}");
            foreach (var to in letter.Recipients)
            {
                Row(grid, "To", $"{to.Code} {to.Name}");
            }

            Row(grid, "DocumentId", letter.DocumentId);
            Row(grid, "Code", $"{letter.Code.Number}/{letter.Code.Notation}");
            Row(grid, "Promulgation", $"{letter.IssuePlace}, {letter.IssueDate}");
            Row(grid, "Type", letter.DocumentType?.Name ?? string.Empty);
            Row(grid, "Subject", letter.Subject);
            Row(grid, "Priority", letter.Urgency.ToString());
            Row(grid, "Business", $"{letter.BusinessType} {letter.Business?.DocumentId}".Trim());
            Row(grid, "XMLDSig", Signature(result.Signature));
            AnsiConsole.Write(grid);
            var files = new Table().Border(TableBorder.Rounded).AddColumn("Attachment").AddColumn("Type").AddColumn(new TableColumn("Bytes").RightAligned()).AddColumn("SHA-256");
            foreach (var a in letter.Attachments)
            {
                files.AddRow(a.Name.EscapeMarkup(), a.MediaType.EscapeMarkup(), a.Size.ToString("N0", CultureInfo.InvariantCulture), Convert.ToHexStringLower(a.Sha256.Span)[..16] + "…");
            }

            AnsiConsole.Write(files);
        }
        else if (result.Package.Status is { } status)
        {
            Row(grid, "From", $"{status.From.Code} {status.From.Name}");
            Row(grid, "About", $"{status.ResponseFor.DocumentId} ({status.ResponseFor.OrganId})");
            Row(grid, "Status", $"{status.StatusCode} {StatusMessage.Codes[status.StatusCode]}");
            Row(grid, "Description", status.Description);
            Row(grid, "Staff", status.Staff.Staff);
            Row(grid, "Timestamp", status.Timestamp.ToString(EdXmlDates.TimestampFormat, CultureInfo.InvariantCulture));
            AnsiConsole.Write(grid);
        }

        foreach (var note in result.Notes)
        {
            AnsiConsole.MarkupLine($"[yellow]note:[/] {note.EscapeMarkup()}");
        }
    }

    /// <summary>Offline only the XML side is known; whether the signer is trusted the node decides on import.</summary>
    private static string Signature(XmlSignatureCheck? check) => check switch
    {
        null => "none",
        { Verifies: true } => $"{check.Reason} (the node checks the certificate's trust on import)",
        _ => check.Reason,
    };

    private static void Row(Table table, string field, string value) => table.AddRow(field.EscapeMarkup(), value.EscapeMarkup());
}
