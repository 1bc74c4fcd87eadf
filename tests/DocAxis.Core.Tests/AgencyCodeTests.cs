using DocAxis.Core;
using DocAxis.Core.Agencies;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class AgencyCodeTests
{
    [TestMethod]
    [DataRow("000.00.00.G22")]
    [DataRow("000.00.32.H29")]
    [DataRow("123.45.67.X89")]
    public void ParseAcceptsTheNationalFormat(string text)
    {
        Assert.AreEqual(text, AgencyCode.Parse(text).Value);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("000.00.00.g22")]
    [DataRow("000.00.00.G2")]
    [DataRow("00.00.00.G22")]
    [DataRow("000-00-00-G22")]
    [DataRow(" 000.00.00.G22")]
    [DataRow("000.00.00.G22\n")]
    public void ParseRefusesAnythingElseNamingTheField(string text)
    {
        var refusal = Assert.ThrowsExactly<RefusalException>(() => AgencyCode.Parse(text, "manifest.sender.code"));
        Assert.AreEqual(RefusalReason.AgencyCodeMalformed, refusal.Reason);
        Assert.AreEqual("manifest.sender.code", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "NNN.NN.NN.Xnn");
    }

    [TestMethod]
    public void ParseRefusesNull()
    {
        Assert.IsFalse(AgencyCode.TryParse(null, out _));
    }
}
