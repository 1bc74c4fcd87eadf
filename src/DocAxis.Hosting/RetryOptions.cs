using DocAxis.Core.Deliveries;

namespace DocAxis.Hosting;

/// <summary>
/// A retry schedule as configured: exponential back-off with jitter, a give-up age, and how often
/// due work is looked for. The hub's deliveries and a node's outbox each have one.
/// </summary>
public class RetryOptions
{
    /// <summary>Wait before the second attempt; later waits grow by <see cref="Multiplier"/>.</summary>
    public TimeSpan InitialDelay { get; set; }

    public TimeSpan MaxDelay { get; set; }

    public double Multiplier { get; set; } = 2.0;

    /// <summary>Each wait is randomized by up to this fraction either way.</summary>
    public double JitterFraction { get; set; } = 0.2;

    /// <summary>How long after the work was first accepted or queued the attempts stop.</summary>
    public TimeSpan GiveUpAfter { get; set; }

    /// <summary>How often due work is looked for.</summary>
    public TimeSpan PollInterval { get; set; }

    public RetryPolicy ToPolicy() => new(InitialDelay, MaxDelay, Multiplier, JitterFraction, GiveUpAfter);

    public RetrySchedule ToSchedule(IJitterSource jitter) => new(ToPolicy(), jitter);
}
