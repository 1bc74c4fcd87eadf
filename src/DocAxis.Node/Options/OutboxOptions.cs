using DocAxis.Core.Deliveries;

namespace DocAxis.Node.Options;

/// <summary>How the node retries submitting letters and statuses while the hub is unreachable, section "Node:Outbox".</summary>
public sealed class OutboxOptions
{
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    public double Multiplier { get; set; } = 2.0;

    public double JitterFraction { get; set; } = 0.2;

    /// <summary>After this long the node stops and reports the letter as refused with the last error.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the outbox is checked when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public RetryPolicy ToPolicy() => new(InitialDelay, MaxDelay, Multiplier, JitterFraction, GiveUpAfter);
}
