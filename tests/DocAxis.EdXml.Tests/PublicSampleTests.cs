using System.Text;

namespace DocAxis.EdXml.Tests;

/// <summary>
/// Packages published by others (the national axis SDK's samples, provincial integrators'), which
/// are not committed here: point DOCAXIS_EDXML_SAMPLES at a folder of them. Each must either be
/// refused with a DocAxis reason or survive writing and reading back field by field.
/// </summary>
[TestClass]
public sealed class PublicSampleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task EveryPublishedSampleIsRefusedByNameOrSurvivesTheRoundTrip()
    {
        var folder = Environment.GetEnvironmentVariable("DOCAXIS_EDXML_SAMPLES");
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            Assert.Inconclusive("Set DOCAXIS_EDXML_SAMPLES to a folder of published edXML packages to run this.");
        }

        var files = Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal).ToList();
        Assert.IsNotEmpty(files);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            Packages.Read first;
            try
            {
                first = await Packages.ReadAsync(File.OpenRead(file));
            }
            catch (Core.RefusalException e)
            {
                TestContext.WriteLine($"refused  {name}: {Core.RefusalReasonNames.ToWireName(e.Reason)} {e.Message}");
                continue;
            }

            if (first.Letter is { } letter)
            {
                var again = await Packages.ReadAsync(new MemoryStream(await Packages.WriteAsync(letter, first.Contents)));
                Assert.AreEqual(letter, again.Letter, name);
                var signature = letter.PackageSignature is null ? "no XMLDSig" : Verdict(XmlSignatures.Check(await File.ReadAllBytesAsync(file)));
                TestContext.WriteLine($"letter   {name}: {letter.Recipients.Count} recipient(s), {letter.Attachments.Count} attachment(s), {first.Contents.Sum(c => c.Length):N0} bytes, round trip intact; {signature}");
            }
            else
            {
                using var output = new MemoryStream();
                await EdXmlWriter.WriteStatusAsync(output, first.Package.Status!);
                var again = await Packages.ReadAsync(Encoding.UTF8.GetString(output.ToArray()));
                Assert.AreEqual(first.Package.Status, again.Package.Status, name);
                TestContext.WriteLine($"status   {name}: {first.Package.Status!.StatusCode}, round trip intact");
            }
        }
    }

    private static string Verdict(XmlSignatureCheck check) => check.Verifies switch
    {
        true => $"XMLDSig verifies ({check.WeakAlgorithm ?? "strong"})",
        false => $"XMLDSig invalid: {check.Reason}",
        null => check.Reason,
    };
}
