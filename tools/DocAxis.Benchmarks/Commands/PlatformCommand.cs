using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace DocAxis.Benchmarks.Commands;

/// <summary><c>platform</c>: one node hosting ten thousand agencies, beside the same node hosting one.</summary>
public static class PlatformCommand
{
    private const double StartupTargetSeconds = 10;
    private const double RssTargetMegabytes = 500;

    public static Command Create()
    {
        var agencies = new Option<int>("--agencies") { Description = "How many agencies the platform node hosts", DefaultValueFactory = _ => 10_000 };
        var senders = new Option<int>("--senders") { Description = "How many of them send letters", DefaultValueFactory = _ => 1_000 };
        var letters = new Option<int>("--letters") { Description = "Letters sent in each run", DefaultValueFactory = _ => 2_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "DMS calls at once", DefaultValueFactory = _ => 16 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var keep = new Option<bool>("--keep") { Description = "Keep the run's folder (configurations, databases, logs) and print where it is" };
        var command = new Command("platform", "Start a platform node hosting many agencies: start-up time, memory, and letters/s beside the same node hosting one")
        {
            agencies, senders, letters, concurrency, json, keep,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            var root = Path.Combine(Path.GetTempPath(), $"docaxis-platform-{Guid.NewGuid().ToString("N")[..8]}");
            try
            {
                async Task<Benchmarks.PlatformRun[]> Run(Action<string, int, int> progress) =>
                [
                    await Benchmarks.PlatformBenchmark.RunAsync(Path.Combine(root, "one"), 1, 1, parse.GetValue(letters), parse.GetValue(concurrency), progress, cancellationToken),
                    await Benchmarks.PlatformBenchmark.RunAsync(
                        Path.Combine(root, "many"), parse.GetValue(agencies), parse.GetValue(senders), parse.GetValue(letters), parse.GetValue(concurrency), progress, cancellationToken),
                ];
                var runs = asJson ? await PhaseProgress.OnStandardErrorAsync(Run) : await PhaseProgress.WithBarsAsync(Run);
                Report(runs, asJson);
                return 0;
            }
            finally
            {
                if (parse.GetValue(keep))
                {
                    Console.Error.WriteLine($"Kept {root}");
                }
                else
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        });
        return command;
    }

    private static void Report(Benchmarks.PlatformRun[] runs, bool json)
    {
        var ratio = runs[1].LettersPerSecond / runs[0].LettersPerSecond;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                runs = runs.Select(r => new
                {
                    agencies = r.Agencies, senders = r.Senders, letters = r.Letters, startup_seconds = Math.Round(r.StartupSeconds, 2),
                    peak_rss_mb = Math.Round(r.PeakRssMegabytes), first_letters_per_second = Math.Round(r.FirstLettersPerSecond, 1),
                    letters_per_second = Math.Round(r.LettersPerSecond, 1),
                }),
                many_to_one = Math.Round(ratio, 2),
                targets = new { startup_seconds = StartupTargetSeconds, peak_rss_mb = RssTargetMegabytes },
            }));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("A platform node")
            .AddColumn(new TableColumn("Agencies hosted").RightAligned()).AddColumn(new TableColumn("Sending").RightAligned())
            .AddColumn(new TableColumn("Start-up").RightAligned()).AddColumn(new TableColumn("Peak RSS").RightAligned())
            .AddColumn(new TableColumn("First letters/s").RightAligned()).AddColumn(new TableColumn("Letters/s after").RightAligned());
        foreach (var r in runs)
        {
            table.AddRow(
                r.Agencies.ToString("N0", CultureInfo.InvariantCulture), r.Senders.ToString("N0", CultureInfo.InvariantCulture),
                Mark(r.StartupSeconds < StartupTargetSeconds, FormattableString.Invariant($"{r.StartupSeconds:F1} s")),
                Mark(r.PeakRssMegabytes < RssTargetMegabytes, FormattableString.Invariant($"{r.PeakRssMegabytes:F0} MB")),
                r.Senders > 1 ? r.FirstLettersPerSecond.ToString("F1", CultureInfo.InvariantCulture) : "-",
                r.LettersPerSecond.ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(FormattableString.Invariant(
            $"Hosting {runs[1].Agencies:N0} agencies the node sends at {ratio:F2} of its rate hosting one once each sender's keys are loaded; targets: start-up < {StartupTargetSeconds} s, peak RSS < {RssTargetMegabytes} MB."));
    }

    private static string Mark(bool met, string text) => met ? $"[green]{text}[/]" : $"[red]{text}[/]";
}
