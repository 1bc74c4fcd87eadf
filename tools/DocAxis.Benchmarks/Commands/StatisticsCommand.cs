using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace DocAxis.Benchmarks.Commands;

/// <summary><c>statistics</c>: the cost of the statistics job, incremental against a full recomputation.</summary>
public static class StatisticsCommand
{
    public static Command Create()
    {
        var letters = new Option<long>("--letters") { Description = "Letters in the store before the new ones", DefaultValueFactory = _ => 1_000_000 };
        var newLetters = new Option<long>("--new") { Description = "Letters added before the incremental run", DefaultValueFactory = _ => 10_000 };
        var agencies = new Option<int>("--agencies") { Description = "Agencies exchanging them", DefaultValueFactory = _ => 1_000 };
        var batch = new Option<int>("--batch") { Description = "Events folded per transaction (Hub:Statistics:BatchSize)", DefaultValueFactory = _ => 5_000 };
        var folder = new Option<string?>("--dir") { Description = "Where to write the database (default: a new temporary folder, removed after)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var command = new Command("statistics", "Fill a hub store, then time a full recomputation of the statistics against an incremental run")
        {
            letters, newLetters, agencies, batch, folder, json,
        };
        command.SetAction(async parse =>
        {
            var given = parse.GetValue(folder);
            var root = given ?? Path.Combine(Path.GetTempPath(), $"docaxis-bench-stats-{Guid.NewGuid():N}");
            Directory.CreateDirectory(root);
            try
            {
                var benchmark = new StatisticsBenchmark(root, parse.GetValue(letters), parse.GetValue(newLetters), parse.GetValue(agencies), parse.GetValue(batch));
                StatisticsBenchmarkResult result;
                if (parse.GetValue(json))
                {
                    result = await benchmark.RunAsync(progress: null);
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        letters = result.Letters, new_letters = result.NewLetters, fill_s = Math.Round(result.FillSeconds, 2),
                        full_events = result.EventsInFull, full_s = Math.Round(result.FullSeconds, 3),
                        incremental_events = result.EventsInIncremental, incremental_s = Math.Round(result.IncrementalSeconds, 3),
                        ratio = Math.Round(result.Ratio, 5), figures_match = result.FiguresMatch,
                    }));
                }
                else
                {
                    result = await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(benchmark.RunAsync);
                    Render(result);
                }

                return result.FiguresMatch ? 0 : 1;
            }
            finally
            {
                if (given is null)
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        });
        return command;
    }

    private static void Render(StatisticsBenchmarkResult r)
    {
        static string S(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture) + " s";
        var table = new Table().Border(TableBorder.Rounded).Title("Statistics: incremental run vs full recomputation")
            .AddColumn("").AddColumn(new TableColumn("Events").RightAligned()).AddColumn(new TableColumn("Time").RightAligned()).AddColumn(new TableColumn("Events/s").RightAligned());
        table.AddRow($"Full recomputation ({r.Letters + 0:N0} letters)", r.EventsInFull.ToString("N0", CultureInfo.InvariantCulture), S(r.FullSeconds), (r.EventsInFull / r.FullSeconds).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow($"Incremental run ({r.NewLetters:N0} new letters)", r.EventsInIncremental.ToString("N0", CultureInfo.InvariantCulture), S(r.IncrementalSeconds), (r.EventsInIncremental / r.IncrementalSeconds).ToString("N0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"The incremental run cost [bold]{r.Ratio:P2}[/] of a full recomputation. Store filled in {S(r.FillSeconds)}.");
        AnsiConsole.MarkupLine(r.FiguresMatch ? "[green]National figures equal a direct count of letters and deliveries.[/]" : "[red]The figures do not match a direct count.[/]");
    }
}
