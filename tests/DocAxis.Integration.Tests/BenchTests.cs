using DocAxis.Benchmarks.Bench;

namespace DocAxis.Integration.Tests;

/// <summary>
/// <c>docaxis bench</c> end to end on a few letters: real hub, node, ceiling and relay processes, real TLS.
/// It asserts that every phase ran and was measured, never how fast: figures belong to the
/// benchmark's report, not to a test.
/// </summary>
[TestClass]
public sealed class BenchTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task EveryPhaseRunsOnTheHubTheCeilingAndTheRelayAndIsMeasured()
    {
        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"bench-{Guid.NewGuid().ToString("N")[..8]}");
        var settings = new BenchSettings(Concurrency: 4, SmallLetters: 40, LargeLetters: 3, PacedLetters: 10, BigLetterBytes: 8L * 1024 * 1024, WarmUpLetters: 5);
        var phases = new HashSet<string>();
        try
        {
            var result = await new BenchRun(settings, root, (phase, _, _) => { lock (phases) { phases.Add(phase); } }).RunAsync(CancellationToken.None);

            CollectionAssert.AreEquivalent(
                new[] { BenchPhases.Small, BenchPhases.Trace, BenchPhases.Large, BenchPhases.Paced, BenchPhases.Big }, result.Hub.Select(p => p.Name).ToArray());
            CollectionAssert.AreEquivalent(new[] { BenchPhases.Small, BenchPhases.Large, BenchPhases.Big }, result.Ceiling.Select(p => p.Name).ToArray());
            CollectionAssert.AreEquivalent(new[] { BenchPhases.Small, BenchPhases.Large }, result.Relay.Select(p => p.Name).ToArray(), "the bare two-hop relay ran the 16 KB and 4 MB phases");
            Assert.AreEqual(3, result.RelayPhase(BenchPhases.Large)!.Letters, "every 4 MB letter was answered through the relay, each answer naming its letter");
            Assert.IsTrue(double.IsFinite(result.SmallRatioToRelay) && result.SmallRatioToRelay > 0 && double.IsFinite(result.LargeRatioToRelay) && result.LargeRatioToRelay > 0);
            Assert.AreEqual(40, result.HubPhase(BenchPhases.Small).Letters);
            var round = settings.WarmUpLetters + BenchSettings.WarmUpLargeLetters;
            Assert.AreEqual(0, result.HubWarmUpLetters % round, "whole warm-up rounds of small and 4 MB letters");
            Assert.IsInRange(round, round * BenchSettings.MaxWarmUpRounds, result.HubWarmUpLetters);
            Assert.IsTrue(result.Hub.Where(p => p.Name != BenchPhases.Trace).All(p => p.EndToEnd is not null), "every sending phase waited for the delivery receipts");
            Assert.AreEqual(300, result.HubPhase(BenchPhases.Trace).Letters, "trace queries were made");
            Assert.IsTrue(result.Hub.Concat(result.Ceiling).Concat(result.Relay).All(p => p.PerSecond > 0 && p.PeakRssMegabytes > 0 && p.CpuCores >= 0));
            // /proc counts CPU in 10 ms ticks: a phase of a few letters may show none, the run as a whole cannot.
            Assert.IsGreaterThan(0.0, result.Hub.Sum(p => p.CpuCores * p.Seconds), "the hub's CPU time was measured");
            Assert.IsTrue(result.Hub.Concat(result.Ceiling).Concat(result.Relay).All(p => p.ServerCpuMillisecondsPerLetter >= 0));
            var small = result.HubPhase(BenchPhases.Small);
            Assert.IsGreaterThanOrEqualTo(
                small.CpuCores * small.Seconds * 1000 / small.Letters - 10.0 / small.Letters,
                small.ServerCpuMillisecondsPerLetter,
                "the servers' CPU per letter counts the node's on top of the hub's (within one 10 ms tick)");
            Assert.AreEqual(8L * 1024 * 1024, result.HubPhase(BenchPhases.Big).LetterBytes);
            Assert.HasCount(5, BenchReport.Targets(result));
            Assert.IsTrue(BenchReport.Targets(result).All(t => double.IsFinite(t.Value) && t.Value > 0));
            Assert.IsTrue(phases.Any(p => p.StartsWith("Ceiling", StringComparison.Ordinal)), "progress was reported for the ceiling too");
            Assert.IsTrue(phases.Any(p => p.StartsWith("Relay", StringComparison.Ordinal)), "and for the relay");
        }
        finally
        {
            DeleteIfPresent(root);
        }
    }

    /// <summary>--store postgres once broke unseen (a query PostgreSQL refuses); this runs its hub phases on a throwaway server.</summary>
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task TheHubPhasesRunOnAThrowawayPostgreSql()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            Assert.Inconclusive("PostgreSQL's server binaries are not installed; tools/test.sh installs them.");
        }

        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"bench-pg-{Guid.NewGuid().ToString("N")[..8]}");
        var settings = new BenchSettings(
            Concurrency: 4, SmallLetters: 30, LargeLetters: 0, PacedLetters: 0, BigLetterBytes: 64 * 1024, WarmUpLetters: 5,
            WithCeilingAndBigLetter: false, TraceQueries: 20, OnPostgres: true);
        try
        {
            var result = await new BenchRun(settings, root, (_, _, _) => { }).RunAsync(CancellationToken.None);

            Assert.AreEqual("PostgreSQL", result.Store);
            Assert.AreEqual(30, result.HubPhase(BenchPhases.Small).Letters);
            Assert.IsNotNull(result.HubPhase(BenchPhases.Small).EndToEnd, "the small letters' delivery receipts were awaited in PostgreSQL");
            Assert.AreEqual(20, result.HubPhase(BenchPhases.Trace).Letters, "trace queries were made");
        }
        finally
        {
            DeleteIfPresent(root);
        }
    }

    private static void DeleteIfPresent(string root)
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
