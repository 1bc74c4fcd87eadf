using DocAxis.Storage.Node;

namespace DocAxis.Node.Events;

/// <summary>
/// Wakes every reader of the event record when a commit added events. A reader takes
/// <see cref="Next"/> before it reads, so that events committed while it reads still wake it.
/// </summary>
public sealed class EventBell
{
    private TaskCompletionSource _next = NewRing();

    public EventBell(NodeStore store) => store.Events.Recorded += Ring;

    /// <summary>Completes at the next commit that adds events.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    private void Ring() => Interlocked.Exchange(ref _next, NewRing()).TrySetResult();

    private static TaskCompletionSource NewRing() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
