using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace DocAxis.Benchmarks.Commands;

/// <summary><c>edxml</c>: a large package imported by a node, beside the native DMS API in the same run.</summary>
public static class EdXmlCommand
{
    private const double RssTargetMegabytes = 300;
    private const double RateTarget = 0.5;

    public static Command Create()
    {
        var megabytes = new Option<int>("--megabytes") { Description = "Size of the edXML package in MB (the attachment is three quarters of it)", DefaultValueFactory = _ => 500 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var command = new Command("edxml", "Import a large edXML package at a node: rate beside the native DMS API, and the node's peak memory") { megabytes, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bytes = parse.GetValue(megabytes) * 1_000_000L;
            var asJson = parse.GetValue(json);
            var runs = asJson
                ? await Benchmarks.EdXmlBenchmark.RunAsync(bytes, _ => { }, cancellationToken)
                : await AnsiConsole.Status().StartAsync("Preparing", status => Benchmarks.EdXmlBenchmark.RunAsync(bytes, step => status.Status(step.EscapeMarkup()), cancellationToken));
            var ratio = runs[1].AttachmentMegabytesPerSecond / runs[0].AttachmentMegabytesPerSecond;
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    runs = runs.Select(r => new
                    {
                        way = r.Way, package_bytes = r.PackageBytes, attachment_bytes = r.AttachmentBytes, seconds = Math.Round(r.Seconds, 2),
                        attachment_mb_per_second = Math.Round(r.AttachmentMegabytesPerSecond, 1), node_peak_rss_mb = Math.Round(r.NodePeakRssMegabytes),
                    }),
                    edxml_to_native = Math.Round(ratio, 2),
                    targets = new { node_peak_rss_mb = RssTargetMegabytes, edxml_to_native = RateTarget },
                }));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title("A large letter handed to a node")
                .AddColumn("Way").AddColumn(new TableColumn("Package").RightAligned()).AddColumn(new TableColumn("Seconds").RightAligned())
                .AddColumn(new TableColumn("Attachment MB/s").RightAligned()).AddColumn(new TableColumn("Node peak RSS").RightAligned());
            foreach (var r in runs)
            {
                table.AddRow(
                    r.Way, FormattableString.Invariant($"{r.PackageBytes / 1e6:F0} MB"), r.Seconds.ToString("F1", CultureInfo.InvariantCulture),
                    r.AttachmentMegabytesPerSecond.ToString("F1", CultureInfo.InvariantCulture), Mark(r.NodePeakRssMegabytes < RssTargetMegabytes, FormattableString.Invariant($"{r.NodePeakRssMegabytes:F0} MB")));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(FormattableString.Invariant($"edXML imports at {Mark(ratio >= RateTarget, $"{ratio:F2}")} of the native rate (target ≥ {RateTarget}); node peak RSS target < {RssTargetMegabytes} MB."));
            return 0;
        });
        return command;
    }

    private static string Mark(bool met, string text) => met ? $"[green]{text}[/]" : $"[red]{text}[/]";
}
