using DocAxis.Benchmarks.Bench;

namespace DocAxis.Benchmarks;

/// <summary>One store size of the scale benchmark.</summary>
public sealed record ScalePoint(long Preloaded, double AcceptedPerSecond, Latency EndToEndAtFullLoad, double TraceQueriesPerSecond, Latency TraceLatency, double HubPeakRssMegabytes);

/// <summary>
/// How the hub's cost grows with its history: the same 16 KB load and trace queries against a hub
/// whose store already holds 0, 1 M or 5 M letters (written straight into SQLite first).
/// </summary>
public static class ScaleBenchmark
{
    public static async Task<IReadOnlyList<ScalePoint>> RunAsync(IReadOnlyList<long> sizes, Action<string, int, int> progress)
    {
        var points = new List<ScalePoint>();
        foreach (var size in sizes)
        {
            var root = Path.Combine(Path.GetTempPath(), $"docaxis-bench-scale-{Guid.NewGuid():N}");
            try
            {
                var settings = BenchSettings.Quick with { Preload = size, WithCeilingAndBigLetter = false, TraceQueries = 500 };
                var result = await new BenchRun(settings, root, (phase, done, total) => progress($"{size:N0} stored: {phase}", done, total)).RunAsync(CancellationToken.None);
                var small = result.HubPhase(BenchPhases.Small);
                var trace = result.HubPhase(BenchPhases.Trace);
                points.Add(new ScalePoint(size, small.PerSecond, small.EndToEnd!, trace.PerSecond, trace.Submission, trace.PeakRssMegabytes));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        return points;
    }
}
