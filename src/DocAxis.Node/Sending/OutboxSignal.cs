using System.Threading.Channels;

namespace DocAxis.Node.Sending;

/// <summary>
/// Wakes the outbox sender when there is new work, so a letter or a status report does not wait for
/// the next poll. Letters and status reports are sent by loops of their own, each with its own wake.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _letters = Wakes();
    private readonly Channel<bool> _reports = Wakes();

    /// <summary>A letter was queued, or one being sent has finished and its slot is free.</summary>
    public void WakeLetters() => _letters.Writer.TryWrite(true);

    /// <summary>A status report was queued.</summary>
    public void WakeReports() => _reports.Writer.TryWrite(true);

    /// <summary>Waits until woken for letters or until <paramref name="timeout"/> passes.</summary>
    public Task WaitForLettersAsync(TimeSpan timeout, CancellationToken cancellationToken) => WaitAsync(_letters, timeout, cancellationToken);

    /// <summary>Waits until woken for status reports or until <paramref name="timeout"/> passes.</summary>
    public Task WaitForReportsAsync(TimeSpan timeout, CancellationToken cancellationToken) => WaitAsync(_reports, timeout, cancellationToken);

    // One pending wake is enough: a wake that arrives while the loop is busy is kept for its next wait.
    private static Channel<bool> Wakes() => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private static async Task WaitAsync(Channel<bool> wakes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await wakes.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
