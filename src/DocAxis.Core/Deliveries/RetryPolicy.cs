namespace DocAxis.Core.Deliveries;

/// <summary>
/// Exponential back-off with jitter and a give-up age. The jitter spreads the retries of a fan-out
/// (one letter to 100 agencies whose shared node was down) so they do not all return at once.
/// </summary>
public sealed record RetryPolicy(
    TimeSpan InitialDelay,
    TimeSpan MaxDelay,
    double Multiplier,
    double JitterFraction,
    TimeSpan GiveUpAfter)
{
    /// <summary>What to do after the given number of failed attempts.</summary>
    /// <param name="random">A uniform sample in [0, 1) used for the jitter.</param>
    public RetryDecision AfterFailure(DateTimeOffset acceptedAt, int failedAttempts, DateTimeOffset now, double random)
    {
        var deadline = acceptedAt + GiveUpAfter;
        if (now >= deadline)
        {
            return RetryDecision.GiveUp;
        }

        var next = now + Delay(failedAttempts, random);
        // The last attempt is made at the deadline itself rather than never.
        return RetryDecision.RetryAt(next < deadline ? next : deadline);
    }

    public TimeSpan Delay(int failedAttempts, double random)
    {
        var exponent = Math.Max(0, failedAttempts - 1);
        var baseTicks = Math.Min(MaxDelay.Ticks, InitialDelay.Ticks * Math.Pow(Multiplier, exponent));
        var factor = 1 - JitterFraction + (2 * JitterFraction * random);
        return TimeSpan.FromTicks((long)(baseTicks * factor));
    }
}

/// <summary>Either retry at a time, or give up.</summary>
public readonly record struct RetryDecision(bool ShouldRetry, DateTimeOffset NextAttemptAt)
{
    public static readonly RetryDecision GiveUp = new(false, default);

    public static RetryDecision RetryAt(DateTimeOffset at) => new(true, at);
}
