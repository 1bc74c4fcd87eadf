using DocAxis.Core;
using DocAxis.Core.Deliveries;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class DeliveryStateMachineTests
{
    [TestMethod]
    public void OnlyAFailedDeliveryCanBeRequeued()
    {
        Assert.IsTrue(DeliveryStateMachine.CanRequeue(DeliveryState.Failed));
        Assert.IsFalse(DeliveryStateMachine.CanRequeue(DeliveryState.Pending), "a pending delivery is still being tried");
        Assert.IsFalse(DeliveryStateMachine.CanRequeue(DeliveryState.Delivered), "a delivered letter is not sent twice");
    }

    [TestMethod]
    public void TheFirstStatusAfterDeliveryMustBeArrived()
    {
        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, null, ProcessingStatus.Arrived);
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, Refused(DeliveryState.Delivered, null, ProcessingStatus.Completed).Reason);
    }

    [TestMethod]
    public void StatusesMoveForwardAndMaySkipSteps()
    {
        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Arrived, ProcessingStatus.Registered);
        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Arrived, ProcessingStatus.Completed);
        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Registered, ProcessingStatus.Processing);
        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Assigned, ProcessingStatus.Assigned);
        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Processing, ProcessingStatus.Processing);
    }

    [TestMethod]
    public void StatusesNeverMoveBackward()
    {
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, Refused(DeliveryState.Delivered, ProcessingStatus.Processing, ProcessingStatus.Registered).Reason);
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, Refused(DeliveryState.Delivered, ProcessingStatus.Arrived, ProcessingStatus.Arrived).Reason);
    }

    [TestMethod]
    public void NothingFollowsRejectedOrCompleted()
    {
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, Refused(DeliveryState.Delivered, ProcessingStatus.Completed, ProcessingStatus.Processing).Reason);
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, Refused(DeliveryState.Delivered, ProcessingStatus.Rejected, ProcessingStatus.Registered).Reason);
    }

    [TestMethod]
    public void RejectedOnlyFollowsArrived()
    {
        DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, ProcessingStatus.Arrived, ProcessingStatus.Rejected);
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, Refused(DeliveryState.Delivered, ProcessingStatus.Registered, ProcessingStatus.Rejected).Reason);
    }

    [TestMethod]
    public void NoStatusAfterAFinalFailure()
    {
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, Refused(DeliveryState.Failed, null, ProcessingStatus.Arrived).Reason);
    }

    [TestMethod]
    public void AStatusBeforeTheDeliveryReceiptIsToBeRetried()
    {
        Assert.AreEqual(RefusalReason.DeliveryNotConfirmed, Refused(DeliveryState.Pending, null, ProcessingStatus.Arrived).Reason);
    }

    [TestMethod]
    public void OnlyEdxmlCodesParse()
    {
        Assert.AreEqual(ProcessingStatus.Completed, ProcessingStatus.Parse("06"));
        Assert.AreEqual(RefusalReason.FieldInvalid, Assert.ThrowsExactly<RefusalException>(() => ProcessingStatus.Parse("07")).Reason);
        Assert.AreEqual(RefusalReason.FieldInvalid, Assert.ThrowsExactly<RefusalException>(() => ProcessingStatus.Parse("6")).Reason);
    }

    private static RefusalException Refused(DeliveryState state, ProcessingStatus? current, ProcessingStatus next) =>
        Assert.ThrowsExactly<RefusalException>(() => DeliveryStateMachine.EnsureStatusAllowed(state, current, next));
}
