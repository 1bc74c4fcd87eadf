namespace DocAxis.Benchmarks.Bench;

/// <summary>Latency percentiles of one phase, in milliseconds.</summary>
public sealed record Latency(double P50, double P95, double P99)
{
    public static Latency Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0 ? new Latency(0, 0, 0) : new Latency(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99));
    }

    private static double At(double[] sorted, double fraction) => sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}

/// <summary>What one phase measured on the hub (or the ceiling service).</summary>
/// <param name="EndToEnd">From the start of the submission to the hub's record of the recipient node's signed delivery receipt.</param>
/// <param name="CpuCores">The server process's CPU time over the phase's wall time (2.0 = both cores busy).</param>
/// <param name="ServerCpuMillisecondsPerLetter">
/// CPU time per letter of every server the letter passes through: for DocAxis the hub and the
/// recipient's node (until the node's receipt is recorded; not PostgreSQL's own processes), for the
/// ceiling its one service; per query in the trace phase, the hub's alone. Steadier run to run than
/// the rates, and it says why a ratio is what it is on cores the processes share.
/// </param>
public sealed record PhaseFigures(
    string Name,
    int Letters,
    long LetterBytes,
    double PerSecond,
    double MegabytesPerSecond,
    double Seconds,
    Latency Submission,
    Latency? EndToEnd,
    double CpuCores,
    double PeakRssMegabytes,
    double ServerCpuMillisecondsPerLetter);

/// <summary>The whole run: DocAxis's phases, the ceiling's, and the ratios the targets are set on.</summary>
public sealed record BenchResult(
    IReadOnlyList<PhaseFigures> Hub,
    IReadOnlyList<PhaseFigures> Ceiling,
    string Store,
    int Concurrency,
    string Machine,
    int HubWarmUpLetters)
{
    /// <summary>
    /// The bare two-hop relay's phases (16 KB and 4 MB letters): the ceiling's service behind a bare
    /// relay, the least two hops cost here. Not a target; it shows how much of the distance to
    /// the ceiling a second hop alone accounts for.
    /// </summary>
    public IReadOnlyList<PhaseFigures> Relay { get; init; } = [];

    public PhaseFigures HubPhase(string name) => Hub.Single(p => p.Name == name);

    public PhaseFigures? RelayPhase(string name) => Relay.SingleOrDefault(p => p.Name == name);

    /// <summary>16 KB letters accepted per second over the bare relay's calls per second.</summary>
    public double SmallRatioToRelay => HubPhase(BenchPhases.Small).PerSecond / (RelayPhase(BenchPhases.Small)?.PerSecond ?? double.NaN);

    /// <summary>4 MB letters: MB/s accepted over the bare relay's MB/s.</summary>
    public double LargeRatioToRelay => HubPhase(BenchPhases.Large).MegabytesPerSecond / (RelayPhase(BenchPhases.Large)?.MegabytesPerSecond ?? double.NaN);

    public PhaseFigures CeilingPhase(string name) => Ceiling.Single(p => p.Name == name);

    /// <summary>16 KB letters accepted per second over the ceiling's calls per second.</summary>
    public double SmallRatio => HubPhase(BenchPhases.Small).PerSecond / CeilingPhase(BenchPhases.Small).PerSecond;

    /// <summary>4 MB letters: MB/s accepted over the ceiling's MB/s.</summary>
    public double LargeRatio => HubPhase(BenchPhases.Large).MegabytesPerSecond / CeilingPhase(BenchPhases.Large).MegabytesPerSecond;

    /// <summary>End-to-end p99 at half the hub's maximum rate of small letters.</summary>
    public double P99Milliseconds => HubPhase(BenchPhases.Paced).EndToEnd?.P99 ?? double.NaN;

    public double BigLetterPeakRssMegabytes => HubPhase(BenchPhases.Big).PeakRssMegabytes;

    /// <summary>
    /// The ceiling's 1 GB transfer time over DocAxis's: from the sender's first byte to its answer,
    /// which for DocAxis is the signed acceptance (the letter verified and on disk). Like the other
    /// ratios this compares the same transfer, sender to server.
    /// </summary>
    public double BigLetterRatio => CeilingPhase(BenchPhases.Big).Seconds / HubPhase(BenchPhases.Big).Seconds;

    /// <summary>
    /// The big letter on to the recipient: submission to the hub's record of the node's delivery
    /// receipt. A second transfer, hub to node, which the ceiling has no counterpart for.
    /// </summary>
    public double BigLetterEndToEndSeconds => (HubPhase(BenchPhases.Big).EndToEnd?.P99 ?? double.NaN) / 1000;
}

/// <summary>The phases' names, as reported.</summary>
public static class BenchPhases
{
    public const string Small = "16 KB letters";
    public const string Large = "4 MB letters";
    public const string Paced = "16 KB at half the maximum rate";
    public const string Big = "one big letter (1 GB)";
    public const string Trace = "trace queries";
}
