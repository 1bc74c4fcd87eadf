using System.CommandLine;
using System.Globalization;
using DocAxis.Cli.Output;
using DocAxis.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary>How <c>docaxis audit query</c> writes the entries it finds.</summary>
public enum AuditFormat
{
    Table,
    Csv,
    Jsonl,
}

public static partial class AuditCommands
{
    private static Command Query(Option<bool> json)
    {
        var connection = new HubConnection(pki => pki.AuditorTls);
        var agency = new Option<string?>("--agency") { Description = "Only entries about letters this agency sent or received, or made by it" };
        var envelope = new Option<string?>("--envelope") { Description = "Only entries about this letter" };
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. Submit, Deliver, ReportStatus, Requeue, PutAgency" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only entries at or after this time (ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only entries before this time (ISO 8601)" };
        var pageSize = new Option<uint>("--page-size") { Description = "Entries per page (at most 1000)", DefaultValueFactory = _ => 100 };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue after the page that printed this token" };
        var all = new Option<bool>("--all") { Description = "Follow every page to the end (for exports)" };
        var format = new Option<AuditFormat>("--format") { Description = "table, csv or jsonl (JSON Lines)", DefaultValueFactory = _ => AuditFormat.Table };
        var output = new Option<string?>("--out") { Description = "Write the export to this file instead of the terminal" };
        var command = new Command("query", "Read the hub's exchange log: auditors see everything, an agency its own letters")
        {
            agency, envelope, action, from, to, pageSize, pageToken, all, format, output,
        };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var channel = connection.Open(parse);
            var client = new AuditService.AuditServiceClient(channel);
            var request = new AuditQueryRequest
            {
                AgencyCode = parse.GetValue(agency) ?? string.Empty,
                EnvelopeId = parse.GetValue(envelope) ?? string.Empty,
                Action = parse.GetValue(action) ?? string.Empty,
                From = parse.GetValue(from) is { } f ? Timestamp.FromDateTimeOffset(f) : null,
                To = parse.GetValue(to) is { } t ? Timestamp.FromDateTimeOffset(t) : null,
                PageSize = parse.GetValue(pageSize),
                PageToken = parse.GetValue(pageToken) ?? string.Empty,
            };

            var (entries, next) = await FetchAsync(client, request, parse.GetValue(all), cancellationToken);
            var path = parse.GetValue(output);
            var chosen = parse.GetValue(format);
            if (path is not null)
            {
                await using (var writer = new StreamWriter(path))
                {
                    await AuditExport.WriteAsync(writer, chosen == AuditFormat.Table ? AuditFormat.Csv : chosen, entries);
                }

                if (parse.GetValue(json))
                {
                    Json.Write(new { file = Path.GetFullPath(path), entries = entries.Count, next_page_token = next });
                }
                else
                {
                    AnsiConsole.MarkupLine($"Wrote {entries.Count} entries to [blue]{path.EscapeMarkup()}[/]." + (next.Length > 0 ? $" More follow: --page-token {next}" : string.Empty));
                }
            }
            else if (parse.GetValue(json))
            {
                Json.Write(new { entries = entries.Select(Json.Of).ToList(), next_page_token = next });
            }
            else if (chosen == AuditFormat.Table)
            {
                Render(entries, next);
            }
            else
            {
                await AuditExport.WriteAsync(Console.Out, chosen, entries);
            }

            return 0;
        }));
        return command;
    }

    private static async Task<(List<AuditEntry> Entries, string Next)> FetchAsync(
        AuditService.AuditServiceClient client, AuditQueryRequest request, bool all, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        while (true)
        {
            var page = await client.QueryAuditAsync(request, cancellationToken: cancellationToken);
            entries.AddRange(page.Entries);
            if (!all || page.NextPageToken.Length == 0)
            {
                return (entries, page.NextPageToken);
            }

            request.PageToken = page.NextPageToken;
        }
    }

    private static void Render(IReadOnlyList<AuditEntry> entries, string next)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Seq").AddColumn("At (UTC)").AddColumn("Actor").AddColumn("Action").AddColumn("Outcome").AddColumn("Envelope").AddColumn("Detail");
        foreach (var e in entries)
        {
            var detail = e.Reason.Length > 0 ? $"{e.Reason}: {e.Detail}" : e.Detail;
            table.AddRow(
                e.Seq.ToString(CultureInfo.InvariantCulture),
                e.At.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                e.Actor.EscapeMarkup(), e.Action.EscapeMarkup(), e.Outcome.EscapeMarkup(), e.EnvelopeId, detail.EscapeMarkup());
        }

        AnsiConsole.Write(table);
        if (next.Length > 0)
        {
            AnsiConsole.MarkupLine($"More entries follow: --page-token {next}");
        }
    }
}
