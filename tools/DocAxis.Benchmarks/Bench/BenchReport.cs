using System.Globalization;
using DocAxis.Cli.Output;
using Spectre.Console;

namespace DocAxis.Benchmarks.Bench;

/// <summary>The benchmark's report: a table for people, one JSON line for machines, both with the targets.</summary>
public static class BenchReport
{
    /// <summary>The targets the hub is held to, each with whether the run met it.</summary>
    public static IReadOnlyList<(string Name, double Value, string Target, bool Met)> Targets(BenchResult r) =>
    [
        ("small_ratio", r.SmallRatio, ">= 0.5", r.SmallRatio >= 0.5),
        ("large_ratio", r.LargeRatio, ">= 0.5", r.LargeRatio >= 0.5),
        ("p99_ms", r.P99Milliseconds, "< 100", r.P99Milliseconds < 100),
        ("big_letter_peak_rss_mb", r.BigLetterPeakRssMegabytes, "< 300", r.BigLetterPeakRssMegabytes < 300),
        ("big_letter_ratio", r.BigLetterRatio, ">= 0.5", r.BigLetterRatio >= 0.5),
    ];

    public static void WriteJson(BenchResult r)
    {
        var line = Targets(r).ToDictionary(t => t.Name, t => (object)Math.Round(t.Value, 3));
        line["targets_met"] = Targets(r).All(t => t.Met);
        line["big_letter_end_to_end_s"] = Math.Round(r.BigLetterEndToEndSeconds, 2);
        line["relay_small_ratio"] = Math.Round(r.SmallRatioToRelay, 3);
        line["relay_large_ratio"] = Math.Round(r.LargeRatioToRelay, 3);
        line["store"] = r.Store;
        line["concurrency"] = r.Concurrency;
        line["warm_up_letters"] = r.HubWarmUpLetters;
        line["machine"] = r.Machine;
        line["hub"] = r.Hub;
        line["ceiling"] = r.Ceiling;
        line["relay"] = r.Relay;
        Json.Write(line);
    }

    public static void Render(BenchResult r)
    {
        // Two tables rather than one wide one, so that each still reads on an 80-column terminal.
        var rates = new Table().Border(TableBorder.Rounded).Title($"DocAxis beside the bare gRPC ceiling ({r.Store}, {r.Concurrency} concurrent senders, {r.HubWarmUpLetters:N0} warm-up letters)")
            .AddColumn("Phase").AddColumn(new TableColumn("DocAxis").RightAligned()).AddColumn(new TableColumn("Ceiling").RightAligned())
            .AddColumn(new TableColumn("Ratio").RightAligned()).AddColumn(new TableColumn("Bare relay, 2 hops (DocAxis's ratio to it)").RightAligned());
        var costs = new Table().Border(TableBorder.Rounded).Title("What it cost")
            .AddColumn("Phase").AddColumn(new TableColumn("End to end p50/p95/p99").RightAligned())
            .AddColumn(new TableColumn("Hub CPU").RightAligned()).AddColumn(new TableColumn("Server CPU per letter (ceiling / relay)").RightAligned())
            .AddColumn(new TableColumn("Hub peak RSS").RightAligned());
        foreach (var hub in r.Hub)
        {
            var ceiling = r.Ceiling.FirstOrDefault(c => c.Name == hub.Name);
            var (ours, theirs, ratio) = hub.Name switch
            {
                BenchPhases.Large => (MBps(hub), ceiling is null ? "" : MBps(ceiling), ceiling is null ? "" : Ratio(hub.MegabytesPerSecond / ceiling.MegabytesPerSecond)),
                BenchPhases.Big => ($"{Seconds(hub)} ({r.BigLetterEndToEndSeconds:F1} s to the node)", ceiling is null ? "" : Seconds(ceiling), ceiling is null ? "" : Ratio(ceiling.Seconds / hub.Seconds)),
                BenchPhases.Trace => ($"{hub.PerSecond:F0} queries/s", "", ""),
                _ => (PerSecond(hub), ceiling is null ? "" : PerSecond(ceiling), ceiling is null ? "" : Ratio(hub.PerSecond / ceiling.PerSecond)),
            };
            var relay = r.RelayPhase(hub.Name);
            var relayed = (hub.Name, relay) switch
            {
                (_, null) => "",
                (BenchPhases.Large, _) => $"{MBps(relay)} ({Ratio(r.LargeRatioToRelay)})",
                _ => $"{PerSecond(relay)} ({Ratio(r.SmallRatioToRelay)})",
            };
            var phase = Label(hub);
            rates.AddRow(phase, ours, theirs, ratio, relayed);

            var latency = (hub.Name == BenchPhases.Trace ? hub.Submission : hub.EndToEnd) is { } e ? $"{e.P50:F1} / {e.P95:F1} / {e.P99:F1} ms" : "";
            var perLetter = $"{hub.ServerCpuMillisecondsPerLetter:F2} ms" + (ceiling is null ? "" : $" ({ceiling.ServerCpuMillisecondsPerLetter:F2}"
                + (relay is null ? "" : $" / {relay.ServerCpuMillisecondsPerLetter:F2}") + " ms)");
            costs.AddRow(phase, latency, $"{hub.CpuCores:F2} cores", perLetter, $"{hub.PeakRssMegabytes:F0} MB");
        }

        AnsiConsole.Write(rates);
        AnsiConsole.Write(costs);
        var targets = new Table().Border(TableBorder.Rounded).Title("Targets").AddColumn("").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Target");
        foreach (var (name, value, target, met) in Targets(r))
        {
            targets.AddRow(met ? "[green]✓[/]" : "[red]✗[/]", name, value.ToString("F3", CultureInfo.InvariantCulture), target);
        }

        AnsiConsole.Write(targets);
        AnsiConsole.MarkupLine($"[grey]{r.Machine.EscapeMarkup()}[/]");
    }

    /// <summary>The phase as people read it: the big letter's size is whatever <c>--big-mb</c> made it.</summary>
    private static string Label(PhaseFigures p) =>
        p.Name == BenchPhases.Big && p.LetterBytes != 1L << 30 ? $"one big letter ({p.LetterBytes / (1024.0 * 1024):N0} MB)" : p.Name;

    private static string PerSecond(PhaseFigures p) => $"{p.PerSecond:F0} letters/s";

    private static string MBps(PhaseFigures p) => $"{p.MegabytesPerSecond:F0} MB/s";

    private static string Seconds(PhaseFigures p) => $"{p.Seconds:F1} s";

    private static string Ratio(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture);
}
