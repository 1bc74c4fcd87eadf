using DocAxis.Core.Deliveries;

namespace DocAxis.Hub.Options;

/// <summary>How the hub pushes letters to recipients and retries, section "Hub:Delivery".</summary>
public sealed class DeliveryOptions
{
    /// <summary>Wait before the second attempt; later waits grow by <see cref="Multiplier"/>.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    public double Multiplier { get; set; } = 2.0;

    /// <summary>Each wait is randomized by up to this fraction either way.</summary>
    public double JitterFraction { get; set; } = 0.2;

    /// <summary>How long after acceptance the hub stops trying and marks the delivery failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often the retry job looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many due deliveries the retry job claims at once.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a claimed delivery stays reserved for this instance; renewed while a transfer runs.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many pushes run at once.</summary>
    public int MaxParallel { get; set; } = 8;

    public RetryPolicy ToPolicy() => new(InitialDelay, MaxDelay, Multiplier, JitterFraction, GiveUpAfter);
}
