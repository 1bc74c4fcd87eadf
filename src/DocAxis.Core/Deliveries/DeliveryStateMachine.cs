using DocAxis.Core.Letters;

namespace DocAxis.Core.Deliveries;

/// <summary>
/// The per-recipient state machine: Pending -> Delivered | Failed, then the DMS's statuses in
/// order. A status that contradicts it is refused rather than recorded, so the sender never sees
/// "completed" before "arrived" or anything after a final failure.
/// </summary>
public static class DeliveryStateMachine
{
    /// <param name="pending">The recall, update or replacement of this letter awaiting the recipient's answer, if any.</param>
    public static void EnsureStatusAllowed(DeliveryState state, ProcessingStatus? current, ProcessingStatus next, BusinessType? pending = null)
    {
        if (next == ProcessingStatus.RecallRequested)
        {
            throw Contradiction($"Status {next} is the sender's: it asks for a recall by sending a revoke letter that refers to this one.");
        }

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

        // An update or replacement may reach a letter whose processing has ended; its answer is still due.
        if (next.IsAmendmentAnswer)
        {
            if (pending is null)
            {
                throw Contradiction($"Status {next} answers a recall or update, and none of this letter awaits an answer.");
            }

            return;
        }

        if (current is { IsFinal: true } ended)
        {
            throw Contradiction($"Status {next} cannot follow {ended}, which ends processing.");
        }

        if (current is not { } now)
        {
            if (next != ProcessingStatus.Arrived)
            {
                throw Contradiction($"Status {next} cannot come first: the first status must be {ProcessingStatus.Arrived}.");
            }

            return;
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

    /// <summary>
    /// The status a delivery shows once <paramref name="next"/> is recorded: an agreed recall ends it
    /// as 15; any other answer to an amendment leaves processing where it was.
    /// </summary>
    public static ProcessingStatus? StatusAfter(ProcessingStatus? current, ProcessingStatus next, BusinessType? pending) =>
        next.IsAmendmentAnswer
            ? (next == ProcessingStatus.AmendmentAgreed && pending == BusinessType.Revoke ? next : current)
            : next;

    /// <summary>
    /// Whether a sender may revoke, update or replace its letter at one recipient: not once that
    /// recipient has rejected, completed or given it back, and not while an earlier amendment
    /// still awaits the recipient's answer.
    /// </summary>
    public static void EnsureAmendable(string recipient, DeliveryState state, ProcessingStatus? current, BusinessType amendment, BusinessType? pending)
    {
        if (pending is { } earlier)
        {
            throw Reference($"An earlier {earlier.ToString().ToLowerInvariant()} of this letter still awaits {recipient}'s answer (15 or 16).");
        }

        if (current == ProcessingStatus.AmendmentAgreed)
        {
            throw Reference($"{recipient} already gave this letter back on an agreed recall.");
        }

        if (amendment == BusinessType.Revoke && current is { IsFinal: true } ended)
        {
            throw Reference($"{recipient} already ended processing of this letter ({ended}); it can no longer be recalled.");
        }

        if (amendment == BusinessType.Revoke && state == DeliveryState.Failed)
        {
            throw Reference($"This letter never reached {recipient} (its delivery failed); there is nothing to recall there.");
        }
    }

    private static RefusalException Reference(string message) =>
        new(RefusalReason.ReferenceInvalid, message, "manifest.referenced_envelope_id");

    /// <summary>Failed is not the end: only a failed delivery may be re-queued; a pending one is still being tried.</summary>
    public static bool CanRequeue(DeliveryState state) => state == DeliveryState.Failed;

    private static RefusalException Contradiction(string message) =>
        new(RefusalReason.StatusTransitionInvalid, message, "status_code");
}
