using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace DocAxis.Benchmarks.Commands;

/// <summary><c>console</c>: how fast a clerk's console answers with a real history behind it.</summary>
public static class ConsoleCommand
{
    public static Command Create()
    {
        var sent = new Option<long>("--sent") { Description = "Sent letters in the node's history", DefaultValueFactory = _ => 100_000 };
        var received = new Option<long>("--received") { Description = "Received letters in the node's history", DefaultValueFactory = _ => 20_000 };
        var log = new Option<long>("--log-entries") { Description = "Entries in the hub's exchange log", DefaultValueFactory = _ => 1_000_000 };
        var runs = new Option<int>("--runs") { Description = "Requests timed per page", DefaultValueFactory = _ => 40 };
        var folder = new Option<string?>("--dir") { Description = "Where to put the axis (default: a new temporary folder, removed after)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var command = new Command("console", "Fill a node with sent and received letters and a hub's exchange log, then time the console pages over loopback") { sent, received, log, runs, folder, json };
        command.SetAction(async parse =>
        {
            var given = parse.GetValue(folder);
            var root = given ?? Path.Combine(Path.GetTempPath(), $"docaxis-bench-console-{Guid.NewGuid():N}");
            try
            {
                var benchmark = new ConsoleBenchmark(root, parse.GetValue(sent), parse.GetValue(received), parse.GetValue(log), parse.GetValue(runs));
                if (parse.GetValue(json))
                {
                    var result = await PhaseProgress.OnStandardErrorAsync(benchmark.RunAsync);
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        sent_letters = result.SentLetters, deliveries = result.Deliveries, received_letters = result.ReceivedLetters, fill_s = Math.Round(result.FillSeconds, 1),
                        log_entries = result.LogEntries, hub_letters = result.HubLetters, log_fill_s = Math.Round(result.LogFillSeconds, 1),
                        pages = result.Pages.Select(p => new { page = p.Page, path = p.Path, runs = p.Runs, p50_ms = Math.Round(p.P50, 1), p95_ms = Math.Round(p.P95, 1), max_ms = Math.Round(p.Max, 1) }),
                    }));
                }
                else
                {
                    var result = await PhaseProgress.WithBarsAsync(benchmark.RunAsync);
                    var table = new Table().Border(TableBorder.Rounded)
                        .Title($"Console pages: a node with {result.SentLetters:N0} sent letters ({result.Deliveries:N0} deliveries) and {result.ReceivedLetters:N0} received; a hub log of {result.LogEntries:N0} entries")
                        .AddColumn("Page").AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p95 ms").RightAligned()).AddColumn(new TableColumn("max ms").RightAligned());
                    foreach (var p in result.Pages)
                    {
                        table.AddRow(p.Page, F(p.P50), F(p.P95), F(p.Max));
                    }

                    AnsiConsole.Write(table);
                }

                return 0;
            }
            finally
            {
                if (given is null && Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        });
        return command;
    }

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
