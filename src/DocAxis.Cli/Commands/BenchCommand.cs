using System.CommandLine;
using DocAxis.Cli.Bench;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis bench</c>: the hub beside the bare gRPC ceiling, on this machine, in one run.</summary>
public static class BenchCommand
{
    public static Command Create(Option<bool> json)
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer letters per phase: the whole run fits in three minutes on two cores" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Concurrent senders (default 16)" };
        var bigMb = new Option<int?>("--big-mb") { Description = "Size of the big letter in MB (default 1024)" };
        var store = new Option<string>("--store") { Description = "sqlite (the embedded default) or postgres (a throwaway PostgreSQL cluster)", DefaultValueFactory = _ => "sqlite" };
        store.AcceptOnlyFromAmong("sqlite", "postgres");
        var keep = new Option<string?>("--out") { Description = "Keep the run's PKI, stores and logs in this folder (default: a temporary folder, removed)" };
        var command = new Command("bench", "Benchmark a hub and a node on loopback (production TLS and storage) against a bare gRPC service on the same TLS")
        {
            quick, concurrency, bigMb, store, keep,
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
                BenchResult result;
                if (parse.GetValue(json))
                {
                    // Standard output carries the one JSON line; people watching see the phases on standard error.
                    var shown = "";
                    var gate = new Lock();
                    result = await new BenchRun(settings, root, (phase, done, total) =>
                    {
                        lock (gate)
                        {
                            if (phase != shown)
                            {
                                shown = phase;
                                Console.Error.WriteLine($"{TimeProvider.System.GetUtcNow():HH:mm:ss} {phase} ({total:N0})");
                            }
                        }
                    }).RunAsync(cancellationToken);
                    BenchReport.WriteJson(result);
                }
                else
                {
                    result = await AnsiConsole.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(context =>
                        {
                            var tasks = new Dictionary<string, ProgressTask>();
                            return new BenchRun(settings, root, (phase, done, total) =>
                            {
                                lock (tasks)
                                {
                                    if (!tasks.TryGetValue(phase, out var task))
                                    {
                                        tasks[phase] = task = context.AddTask(phase.EscapeMarkup(), maxValue: Math.Max(total, 1));
                                    }

                                    task.Value = done;
                                }
                            }).RunAsync(cancellationToken);
                        });
                    BenchReport.Render(result);
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
