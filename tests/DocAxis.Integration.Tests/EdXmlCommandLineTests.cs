using DocAxis.Integration.Tests.Infrastructure;

namespace DocAxis.Integration.Tests;

/// <summary><c>docaxis edxml check</c>: offline, the manifest a package maps to, or the fault with its line and exit 1.</summary>
[TestClass]
public sealed class EdXmlCommandLineTests
{
    [TestMethod]
    public async Task CheckPrintsTheManifestANoteAboutOlderCodesAndTheSignatureAsFarAsTheXmlGoes()
    {
        var package = Write("valid.edxml", EdXmlPackages.Fixture("letter-sdk-form.edxml"));

        var (exit, output) = await CommandLine.RunAsync("edxml", "check", package);

        Assert.AreEqual(0, exit, output.ToString());
        Assert.IsTrue(output.GetProperty("valid").GetBoolean());
        Assert.AreEqual("letter", output.GetProperty("kind").GetString());
        var manifest = output.GetProperty("manifest");
        Assert.AreEqual("000.00.00.H41,2026/11/30,1234/UBND-VX", manifest.GetProperty("document_id").GetString());
        Assert.AreEqual(2, manifest.GetProperty("attachments").GetArrayLength());
        StringAssert.Contains(output.GetProperty("notes")[0].GetString(), "28.22.H17");
        Assert.IsFalse(output.GetProperty("xmldsig").GetProperty("verifies").GetBoolean());
        StringAssert.Contains(output.GetProperty("xmldsig").GetProperty("reason").GetString(), "truncated or a placeholder");
    }

    [TestMethod]
    public async Task CheckOfAnInvalidPackageNamesTheFaultWhereItIsAndExitsOne()
    {
        var package = Write("invalid.edxml", EdXmlPackages.Fixture("letter-sdk-form.edxml").Replace("<edXML:DueDate>2026/12/15<", "<edXML:DueDate>15 tháng 12<", StringComparison.Ordinal));

        var (exit, output) = await CommandLine.RunAsync("edxml", "check", package);

        Assert.AreEqual(1, exit);
        var error = output.GetProperty("error");
        Assert.AreEqual("PACKAGE_INVALID", error.GetProperty("reason").GetString());
        StringAssert.Contains(error.GetProperty("message").GetString(), "edXMLHeader/MessageHeader/DueDate (line ");
        Assert.IsTrue(error.GetProperty("details").EnumerateArray().Any(d => d.GetString()!.StartsWith("column: ", StringComparison.Ordinal)));
    }

    private static string Write(string name, string xml)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "docaxis-tests", $"edxml-cli-{Guid.NewGuid().ToString("N")[..8]}")).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, xml);
        return path;
    }
}
