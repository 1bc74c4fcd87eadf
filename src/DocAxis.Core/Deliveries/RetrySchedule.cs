namespace DocAxis.Core.Deliveries;

/// <summary>
/// The one retry-or-give-up rule, for the hub's deliveries and a node's submissions and status
/// reports alike: after a failed attempt, a failure a retry could mend is tried again after the
/// policy's back-off with jitter, until the give-up age; a final one (the peer refused) is not.
/// </summary>
public sealed class RetrySchedule(RetryPolicy policy, IJitterSource jitter)
{
    /// <param name="since">When the work was accepted, queued or re-queued: the give-up age counts from then.</param>
    /// <param name="attempt">The attempt that failed, counting from 1.</param>
    /// <param name="error">What went wrong, as a sentence for a clerk.</param>
    /// <param name="final">Whether no retry could change the outcome (the other side refused).</param>
    public RetryOutcome AfterFailure(DateTimeOffset since, int attempt, DateTimeOffset now, string error, bool final)
    {
        if (final)
        {
            return new RetryOutcome(false, default, error, Refused: true);
        }

        var decision = policy.AfterFailure(since, attempt, now, jitter.Next());
        return decision.ShouldRetry
            ? new RetryOutcome(true, decision.NextAttemptAt, error, Refused: false)
            : new RetryOutcome(false, default, $"Gave up after {attempt} attempts over {now - since:d\\.hh\\:mm\\:ss}; last error: {error}", Refused: false);
    }
}

/// <summary>Try again at <see cref="NextAttemptAt"/>, or stop for <see cref="Reason"/> (refused, or given up).</summary>
public readonly record struct RetryOutcome(bool Retry, DateTimeOffset NextAttemptAt, string Reason, bool Refused);
