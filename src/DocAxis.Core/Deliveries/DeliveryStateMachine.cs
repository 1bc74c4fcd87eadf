namespace DocAxis.Core.Deliveries;

/// <summary>
/// The per-recipient state machine: Pending -> Delivered | Failed, then the DMS's statuses in
/// order. A status that contradicts it is refused rather than recorded, so the sender never sees
/// "completed" before "arrived" or anything after a final failure.
/// </summary>
public static class DeliveryStateMachine
{
    public static void EnsureStatusAllowed(DeliveryState state, ProcessingStatus? current, ProcessingStatus next)
    {
        switch (state)
        {
            case DeliveryState.Failed:
                throw Contradiction($"Status {next} cannot be recorded: the delivery has finally failed.");
            case DeliveryState.Pending:
                throw new RefusalException(
                    RefusalReason.DeliveryNotConfirmed,
                    $"Status {next} arrived before the hub recorded the delivery receipt; report it again shortly.",
                    "status_code");
        }

        if (current is not { } now)
        {
            if (next != ProcessingStatus.Arrived)
            {
                throw Contradiction($"Status {next} cannot come first: the first status must be {ProcessingStatus.Arrived}.");
            }

            return;
        }

        if (now.IsFinal)
        {
            throw Contradiction($"Status {next} cannot follow {now}, which ends processing.");
        }

        if (next == ProcessingStatus.Rejected && now != ProcessingStatus.Arrived)
        {
            throw Contradiction($"Status {next} can only follow {ProcessingStatus.Arrived}; the letter is already {now}.");
        }

        var repeatable = next == now && (next == ProcessingStatus.Assigned || next == ProcessingStatus.Processing);
        if (next.Stage <= now.Stage && !repeatable && next != ProcessingStatus.Rejected)
        {
            throw Contradiction($"Status {next} cannot follow {now}: statuses only move forward.");
        }
    }

    public static bool CanRecordDelivery(DeliveryState state) => state == DeliveryState.Pending;

    /// <summary>Failed is not the end: only a failed delivery may be re-queued; a pending one is still being tried.</summary>
    public static bool CanRequeue(DeliveryState state) => state == DeliveryState.Failed;

    private static RefusalException Contradiction(string message) =>
        new(RefusalReason.StatusTransitionInvalid, message, "status_code");
}
