using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class AmendmentStateMachineTests
{
    private const string Recipient = "000.00.00.H41";

    [TestMethod]
    public void ThirteenIsTheSendersAndNeverReportedByARecipient()
    {
        var refusal = Assert.ThrowsExactly<RefusalException>(() =>
            DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Arrived, ProcessingStatus.RecallRequested, BusinessType.Revoke));
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, refusal.Reason);
    }

    [TestMethod]
    public void AnAnswerNeedsAnAmendmentAwaitingIt()
    {
        var refusal = Assert.ThrowsExactly<RefusalException>(() =>
            DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Arrived, ProcessingStatus.AmendmentAgreed, pending: null));
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, refusal.Reason);

        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, null, ProcessingStatus.AmendmentRefused, BusinessType.Revoke);
        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Completed, ProcessingStatus.AmendmentAgreed, BusinessType.Update);
    }

    [TestMethod]
    public void AnAgreedRecallEndsTheLetterAndEveryOtherAnswerLeavesItsStatus()
    {
        Assert.AreEqual(ProcessingStatus.AmendmentAgreed, DeliveryStateMachine.StatusAfter(ProcessingStatus.Arrived, ProcessingStatus.AmendmentAgreed, BusinessType.Revoke));
        Assert.AreEqual(ProcessingStatus.Arrived, DeliveryStateMachine.StatusAfter(ProcessingStatus.Arrived, ProcessingStatus.AmendmentRefused, BusinessType.Revoke));
        Assert.AreEqual(ProcessingStatus.Completed, DeliveryStateMachine.StatusAfter(ProcessingStatus.Completed, ProcessingStatus.AmendmentAgreed, BusinessType.Replace));
        Assert.IsNull(DeliveryStateMachine.StatusAfter(null, ProcessingStatus.AmendmentRefused, BusinessType.Revoke));

        var after = Assert.ThrowsExactly<RefusalException>(() =>
            DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.AmendmentAgreed, ProcessingStatus.Processing));
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, after.Reason);
    }

    [TestMethod]
    [DataRow(DeliveryState.Delivered, "06", BusinessType.Revoke, null, DisplayName = "a completed letter cannot be recalled")]
    [DataRow(DeliveryState.Delivered, "02", BusinessType.Revoke, null, DisplayName = "a rejected letter cannot be recalled")]
    [DataRow(DeliveryState.Failed, null, BusinessType.Revoke, null, DisplayName = "a letter never delivered cannot be recalled")]
    [DataRow(DeliveryState.Delivered, "15", BusinessType.Update, null, DisplayName = "a recalled letter cannot be updated")]
    [DataRow(DeliveryState.Delivered, "01", BusinessType.Replace, BusinessType.Update, DisplayName = "one amendment at a time")]
    public void AmendmentsTheRecipientCanNoLongerAnswerAreRefused(DeliveryState state, string? status, BusinessType type, BusinessType? pending)
    {
        var current = status is null ? (ProcessingStatus?)null : ProcessingStatus.Parse(status);
        var refusal = Assert.ThrowsExactly<RefusalException>(() => DeliveryStateMachine.EnsureAmendable(Recipient, state, current, type, pending));
        Assert.AreEqual(RefusalReason.ReferenceInvalid, refusal.Reason);
        StringAssert.Contains(refusal.Message, Recipient);
    }

    [TestMethod]
    public void ACompletedLetterMayStillBeUpdatedOrReplacedAndAPendingOneRecalled()
    {
        DeliveryStateMachine.EnsureAmendable(Recipient, DeliveryState.Delivered, ProcessingStatus.Completed, BusinessType.Update, null);
        DeliveryStateMachine.EnsureAmendable(Recipient, DeliveryState.Delivered, ProcessingStatus.Completed, BusinessType.Replace, null);
        DeliveryStateMachine.EnsureAmendable(Recipient, DeliveryState.Pending, null, BusinessType.Revoke, null);
        Assert.IsFalse(ProcessingStatus.AmendmentRefused.IsFinal);
    }
}
