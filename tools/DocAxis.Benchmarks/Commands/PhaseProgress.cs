using Spectre.Console;

namespace DocAxis.Benchmarks.Commands;

/// <summary>
/// Shows a long run's phases as it goes: progress bars on a terminal, or, when standard output
/// carries the JSON, one line per phase on standard error.
/// </summary>
public static class PhaseProgress
{
    /// <summary>Runs <paramref name="run"/>, which reports (phase, done, total), with progress bars.</summary>
    public static Task<T> WithBarsAsync<T>(Func<Action<string, int, int>, Task<T>> run) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                return run((phase, done, total) =>
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

    /// <summary>Runs <paramref name="run"/>, writing each new phase's name and size to standard error.</summary>
    public static Task<T> OnStandardErrorAsync<T>(Func<Action<string, int, int>, Task<T>> run)
    {
        var shown = "";
        var gate = new Lock();
        return run((phase, _, total) =>
        {
            lock (gate)
            {
                if (phase != shown)
                {
                    shown = phase;
                    Console.Error.WriteLine($"{TimeProvider.System.GetUtcNow():HH:mm:ss} {phase} ({total:N0})");
                }
            }
        });
    }
}
