using DocAxis.Cli.Bench;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DocAxis.Benchmarks;
using DocAxis.Crypto.Pki;
using Spectre.Console;

// docaxis-bench-tools statistics: the cost of the statistics job, incremental versus a full recomputation.
var letters = new Option<long>("--letters") { Description = "Letters in the store before the new ones", DefaultValueFactory = _ => 1_000_000 };
var newLetters = new Option<long>("--new") { Description = "Letters added before the incremental run", DefaultValueFactory = _ => 10_000 };
var agencies = new Option<int>("--agencies") { Description = "Agencies exchanging them", DefaultValueFactory = _ => 1_000 };
var batch = new Option<int>("--batch") { Description = "Events folded per transaction (Hub:Statistics:BatchSize)", DefaultValueFactory = _ => 5_000 };
var folder = new Option<string?>("--dir") { Description = "Where to write the database (default: a new temporary folder, removed after)" };
var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
var statistics = new Command("statistics", "Fill a hub store, then time a full recomputation of the statistics against an incremental run")
{
    letters, newLetters, agencies, batch, folder, json,
};
statistics.SetAction(async parse =>
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

var sizes = new Option<string>("--sizes") { Description = "Letters already in the store, comma-separated", DefaultValueFactory = _ => "0,1000000,5000000" };
var scaleJson = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
var scale = new Command("scale", "Accepted letters/s and trace-query latency with 0, 1 M and 5 M letters already stored") { sizes, scaleJson };
scale.SetAction(async parse =>
{
    var points = parse.GetValue(sizes)!.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
    IReadOnlyList<ScalePoint> results;
    if (parse.GetValue(scaleJson))
    {
        results = await ScaleBenchmark.RunAsync(points, (_, _, _) => { });
        Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        return 0;
    }

    results = await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(context =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            return ScaleBenchmark.RunAsync(points, (phase, done, total) =>
            {
                lock (tasks)
                {
                    if (!tasks.TryGetValue(phase, out var task))
                    {
                        tasks[phase] = task = context.AddTask(phase.EscapeMarkup(), maxValue: Math.Max(total, 1));
                    }

                    task.Value = done;
                }
            });
        });
    var table = new Table().Border(TableBorder.Rounded).Title("The hub's cost against the size of its store (16 KB letters, 16 senders)")
        .AddColumn(new TableColumn("Letters stored").RightAligned()).AddColumn(new TableColumn("Accepted/s").RightAligned())
        .AddColumn(new TableColumn("End to end p50/p99").RightAligned()).AddColumn(new TableColumn("Trace p50/p95/p99").RightAligned())
        .AddColumn(new TableColumn("Hub peak RSS").RightAligned());
    foreach (var p in results)
    {
        table.AddRow(p.Preloaded.ToString("N0", CultureInfo.InvariantCulture), p.AcceptedPerSecond.ToString("F0", CultureInfo.InvariantCulture),
            FormattableString.Invariant($"{p.EndToEndAtFullLoad.P50:F0} / {p.EndToEndAtFullLoad.P99:F0} ms"),
            FormattableString.Invariant($"{p.TraceLatency.P50:F1} / {p.TraceLatency.P95:F1} / {p.TraceLatency.P99:F1} ms"),
            FormattableString.Invariant($"{p.HubPeakRssMegabytes:F0} MB"));
    }

    AnsiConsole.Write(table);
    return 0;
});

var keySpec = new Option<KeySpec>("--key") { Description = "Key of the signing certificate", DefaultValueFactory = _ => KeySpec.Rsa2048 };
var seconds = new Option<double>("--seconds") { Description = "Seconds spent on each operation", DefaultValueFactory = _ => 3 };
var signaturesJson = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
var signatures = new Command("signatures", "Signatures made and checked per second on one core: DocAxis's path against BouncyCastle's own verification")
{
    keySpec, seconds, signaturesJson,
};
signatures.SetAction(parse =>
{
    var key = parse.GetValue(keySpec);
    var each = TimeSpan.FromSeconds(parse.GetValue(seconds));
    if (parse.GetValue(signaturesJson))
    {
        var measured = SignatureBenchmark.Run(key, each);
        Console.WriteLine(JsonSerializer.Serialize(
            new { key = key.ToString(), rates = measured.Select(r => new { operation = r.Operation, count = r.Count, seconds = r.Seconds, per_second = Math.Round(r.PerSecond) }) }));
        return 0;
    }

    var rates = AnsiConsole.Status().Start($"Signing and verifying with {key} for {each.TotalSeconds * 3:F0} s", _ => SignatureBenchmark.Run(key, each));
    var table = new Table().Border(TableBorder.Rounded).Title($"Signature operations on one core ({key})")
        .AddColumn("Operation").AddColumn(new TableColumn("Per second").RightAligned()).AddColumn(new TableColumn("Each").RightAligned());
    foreach (var r in rates)
    {
        table.AddRow(r.Operation.EscapeMarkup(), r.PerSecond.ToString("N0", CultureInfo.InvariantCulture), FormattableString.Invariant($"{1_000_000 / r.PerSecond:F0} µs"));
    }

    AnsiConsole.Write(table);
    return 0;
});

var root = new RootCommand("DocAxis benchmarks that do not belong in the test suite") { statistics, scale, signatures };
return await root.Parse(args).InvokeAsync();

static void Render(StatisticsBenchmarkResult r)
{
    string S(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture) + " s";
    var table = new Table().Border(TableBorder.Rounded).Title("Statistics: incremental run vs full recomputation")
        .AddColumn("").AddColumn(new TableColumn("Events").RightAligned()).AddColumn(new TableColumn("Time").RightAligned()).AddColumn(new TableColumn("Events/s").RightAligned());
    table.AddRow($"Full recomputation ({r.Letters + 0:N0} letters)", r.EventsInFull.ToString("N0", CultureInfo.InvariantCulture), S(r.FullSeconds), (r.EventsInFull / r.FullSeconds).ToString("N0", CultureInfo.InvariantCulture));
    table.AddRow($"Incremental run ({r.NewLetters:N0} new letters)", r.EventsInIncremental.ToString("N0", CultureInfo.InvariantCulture), S(r.IncrementalSeconds), (r.EventsInIncremental / r.IncrementalSeconds).ToString("N0", CultureInfo.InvariantCulture));
    AnsiConsole.Write(table);
    AnsiConsole.MarkupLine($"The incremental run cost [bold]{r.Ratio:P2}[/] of a full recomputation. Store filled in {S(r.FillSeconds)}.");
    AnsiConsole.MarkupLine(r.FiguresMatch ? "[green]National figures equal a direct count of letters and deliveries.[/]" : "[red]The figures do not match a direct count.[/]");
}
