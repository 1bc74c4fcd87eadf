using DocAxis.Core;

namespace DocAxis.Integration.Tests;

/// <summary>The refusal reasons in code and in the public contract are the same names and numbers.</summary>
[TestClass]
public sealed class ContractTests
{
    [TestMethod]
    public void EveryRefusalReasonIsListedInErrorsProtoUnderTheSameNumber()
    {
        var listed = Contracts.V1.ErrorsReflection.Descriptor.EnumTypes.Single(e => e.Name == "RefusalReason").Values
            .Where(v => v.Number != 0)
            .ToDictionary(v => v.Name, v => v.Number);
        var inCode = Enum.GetValues<RefusalReason>().ToDictionary(r => r.ToWireName(), r => (int)r);
        CollectionAssert.AreEquivalent(listed.ToList(), inCode.ToList());
    }

    [TestMethod]
    public void EveryRefusalReasonMapsToADeliberateStatusCode()
    {
        foreach (var reason in Enum.GetValues<RefusalReason>())
        {
            Assert.AreNotEqual(Grpc.Core.StatusCode.Unknown, Transport.Refusals.RefusalStatus.CodeOf(reason), reason.ToString());
        }
    }
}
