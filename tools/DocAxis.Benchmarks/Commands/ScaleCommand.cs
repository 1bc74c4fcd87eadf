using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace DocAxis.Benchmarks.Commands;

/// <summary><c>scale</c>: accepted letters/s and trace-query latency against the size of the hub's store.</summary>
public static class ScaleCommand
{
    public static Command Create()
    {
        var sizes = new Option<string>("--sizes") { Description = "Letters already in the store, comma-separated", DefaultValueFactory = _ => "0,1000000,5000000" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var command = new Command("scale", "Accepted letters/s and trace-query latency with 0, 1 M and 5 M letters already stored") { sizes, json };
        command.SetAction(async parse =>
        {
            var points = parse.GetValue(sizes)!.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
            if (parse.GetValue(json))
            {
                var measured = await PhaseProgress.OnStandardErrorAsync(progress => ScaleBenchmark.RunAsync(points, progress));
                Console.WriteLine(JsonSerializer.Serialize(measured, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                return 0;
            }

            Render(await PhaseProgress.WithBarsAsync(progress => ScaleBenchmark.RunAsync(points, progress)));
            return 0;
        });
        return command;
    }

    private static void Render(IReadOnlyList<ScalePoint> results)
    {
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
    }
}
