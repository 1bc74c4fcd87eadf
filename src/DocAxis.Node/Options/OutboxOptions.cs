using DocAxis.Hosting;

namespace DocAxis.Node.Options;

/// <summary>
/// How the node retries submitting letters and statuses while the hub is unreachable, section
/// "Node:Outbox". After <see cref="RetryOptions.GiveUpAfter"/> a letter is reported as refused with
/// the last error.
/// </summary>
public sealed class OutboxOptions : RetryOptions
{
    public OutboxOptions()
    {
        InitialDelay = TimeSpan.FromSeconds(2);
        MaxDelay = TimeSpan.FromMinutes(5);
        GiveUpAfter = TimeSpan.FromDays(7);
        PollInterval = TimeSpan.FromSeconds(5);
    }
}
