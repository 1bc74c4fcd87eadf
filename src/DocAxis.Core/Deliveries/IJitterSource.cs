namespace DocAxis.Core.Deliveries;

/// <summary>
/// Where the jitter of retry back-off comes from: uniform samples in [0, 1). Injected, so that a
/// test can fix the schedule; production draws from <see cref="RandomJitter.Shared"/>.
/// </summary>
public interface IJitterSource
{
    double Next();
}

/// <summary>Jitter from a <see cref="Random"/>; <see cref="Shared"/> is safe to use from any thread.</summary>
public sealed class RandomJitter(Random random) : IJitterSource
{
    public static RandomJitter Shared { get; } = new(Random.Shared);

    public double Next() => random.NextDouble();
}
