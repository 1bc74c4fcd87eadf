using DocAxis.Contracts.V1;

namespace DocAxis.Cli.Demo;

/// <summary>What the demo did: the letter, its trace, the checks, and where everything was written.</summary>
public sealed record DemoResult(
    string EnvelopeId,
    string DataDirectory,
    string LogDirectory,
    long AttachmentBytes,
    LetterTrace? Trace,
    IReadOnlyList<DemoCheck> Checks,
    TimeSpan Duration,
    StatisticsReport? Statistics = null)
{
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
}
