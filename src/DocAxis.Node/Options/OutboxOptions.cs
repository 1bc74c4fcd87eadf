using DocAxis.Hosting;

namespace DocAxis.Node.Options;

/// <summary>
/// How the node retries submitting letters and statuses while the hub is unreachable, section
/// "Node:Outbox". After <see cref="RetryOptions.GiveUpAfter"/> a letter is reported as refused with
/// the last error.
/// </summary>
public sealed class OutboxOptions : RetryOptions
{
    /// <summary>More would only queue on the hub's connection and the node's disk.</summary>
    public const int MostParallel = 64;

    public OutboxOptions()
    {
        InitialDelay = TimeSpan.FromSeconds(2);
        MaxDelay = TimeSpan.FromMinutes(5);
        GiveUpAfter = TimeSpan.FromDays(7);
        PollInterval = TimeSpan.FromSeconds(5);
    }

    /// <summary>
    /// How many letters are submitted to the hub at once, so that a large letter on a slow link does
    /// not hold up every letter queued after it (status reports have a loop of their own).
    /// </summary>
    public int MaxParallel { get; set; } = 4;
}
