using DocAxis.Core;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class RefusalReasonNamesTests
{
    [TestMethod]
    public void WireNamesAreUpperSnakeCase()
    {
        Assert.AreEqual("SIGNER_NOT_SENDER", RefusalReason.SignerNotSender.ToWireName());
        Assert.AreEqual("ENVELOPE_ID_REUSED", RefusalReason.EnvelopeIdReused.ToWireName());
    }

    [TestMethod]
    public void EveryReasonRoundTripsThroughItsWireName()
    {
        foreach (var reason in Enum.GetValues<RefusalReason>())
        {
            Assert.IsTrue(RefusalReasonNames.TryParseWireName(reason.ToWireName(), out var parsed));
            Assert.AreEqual(reason, parsed);
        }
    }

    [TestMethod]
    public void UnknownWireNamesAreNotReasons()
    {
        Assert.IsFalse(RefusalReasonNames.TryParseWireName("NO_SUCH_REASON", out _));
    }
}
