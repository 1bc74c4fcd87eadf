using System.CommandLine;
using DocAxis.Benchmarks.Bench;
using DocAxis.Cli.Commands;

namespace DocAxis.Benchmarks.Commands;

/// <summary><c>bench</c>: the hub beside the bare gRPC ceiling and relay, on this machine, in one run.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer letters per phase: the whole run fits in three minutes on two cores" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Concurrent senders (default 16)" };
        var bigMb = new Option<int?>("--big-mb") { Description = "Size of the big letter in MB (default 1024)" };
        var store = new Option<string>("--store") { Description = "sqlite (the embedded default) or postgres (a throwaway PostgreSQL cluster)", DefaultValueFactory = _ => "sqlite" };
        store.AcceptOnlyFromAmong("sqlite", "postgres");
        var keep = new Option<string?>("--out") { Description = "Keep the run's PKI, stores and logs in this folder (default: a temporary folder, removed)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON line instead of tables (the phases go to standard error)" };
        var command = new Command("bench", "Benchmark a hub and a node on loopback (production TLS and storage) against a bare gRPC service on the same TLS")
        {
            quick, concurrency, bigMb, store, keep, json,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var settings = parse.GetValue(quick) ? BenchSettings.Quick : BenchSettings.Full;
            settings = settings with
            {
                Concurrency = parse.GetValue(concurrency) ?? settings.Concurrency,
                BigLetterBytes = parse.GetValue(bigMb) is { } mb ? mb * 1024L * 1024 : settings.BigLetterBytes,
                OnPostgres = parse.GetValue(store) == "postgres",
            };
            var root = parse.GetValue(keep) ?? Path.Combine(Path.GetTempPath(), $"docaxis-bench-{Guid.NewGuid().ToString("N")[..8]}");
            try
            {
                Task<BenchResult> Run(Action<string, int, int> progress) => new BenchRun(settings, root, progress).RunAsync(cancellationToken);
                if (parse.GetValue(json))
                {
                    BenchReport.WriteJson(await PhaseProgress.OnStandardErrorAsync(Run));
                }
                else
                {
                    BenchReport.Render(await PhaseProgress.WithBarsAsync(Run));
                }

                return 0;
            }
            finally
            {
                if (parse.GetValue(keep) is null && Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }));
        return command;
    }
}
