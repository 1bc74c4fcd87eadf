using DocAxis.Core;
using DocAxis.Core.Letters;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class EnvelopeIdTests
{
    [TestMethod]
    public void ANewIdRoundTripsThroughItsCanonicalText()
    {
        var id = EnvelopeId.New();
        Assert.AreEqual(id, EnvelopeId.Parse(id.ToString()));
        Assert.AreEqual(id.ToString().ToLowerInvariant(), id.ToString());
    }

    [TestMethod]
    [DataRow("0B6F4C1E-2D3A-4F5B-8C7D-9E0A1B2C3D4E")]
    [DataRow("{0b6f4c1e-2d3a-4f5b-8c7d-9e0a1b2c3d4e}")]
    [DataRow("0b6f4c1e2d3a4f5b8c7d9e0a1b2c3d4e")]
    [DataRow("00000000-0000-0000-0000-000000000000")]
    [DataRow("not-a-uuid")]
    public void ParseRefusesNonCanonicalForms(string text)
    {
        var refusal = Assert.ThrowsExactly<RefusalException>(() => EnvelopeId.Parse(text));
        Assert.AreEqual(RefusalReason.FieldInvalid, refusal.Reason);
        Assert.AreEqual("envelope_id", refusal.Details["field"]);
    }
}
