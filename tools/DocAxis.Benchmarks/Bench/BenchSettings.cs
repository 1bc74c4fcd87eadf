namespace DocAxis.Benchmarks.Bench;

/// <summary>How much load each phase sends; <see cref="Quick"/> fits in three minutes on two cores.</summary>
/// <param name="Preload">Synthetic letters written into the hub's store before it starts (a year of history, say).</param>
/// <param name="OnPostgres">Run the hub on a throwaway PostgreSQL instead of SQLite.</param>
/// <param name="WithCeilingAndBigLetter">False to measure only the hub's small-letter phases and trace queries (the scale benchmark).</param>
public sealed record BenchSettings(
    int Concurrency, int SmallLetters, int LargeLetters, int PacedLetters, long BigLetterBytes, int WarmUpLetters,
    long Preload = 0, bool WithCeilingAndBigLetter = true, int TraceQueries = 300, bool OnPostgres = false)
{
    public const long SmallBytes = 16 * 1024;

    /// <summary>At most this many warm-up rounds of <c>WarmUpLetters</c> each (see <see cref="BenchRun"/>).</summary>
    public const int MaxWarmUpRounds = 12;

    /// <summary>4 MB letters at the end of each warm-up round.</summary>
    public const int WarmUpLargeLetters = 8;
    public const long LargeBytes = 4 * 1024 * 1024;

    public static BenchSettings Quick => new(Concurrency: 16, SmallLetters: 4_000, LargeLetters: 160, PacedLetters: 1_000, BigLetterBytes: 1L << 30, WarmUpLetters: 1_000);

    public static BenchSettings Full => new(Concurrency: 16, SmallLetters: 10_000, LargeLetters: 300, PacedLetters: 3_000, BigLetterBytes: 1L << 30, WarmUpLetters: 2_000);
}
