using DocAxis.Testing;

namespace DocAxis.EdXml.Tests;

/// <summary>
/// A package's XMLDSig: verified over the whole document where it is real, reported weak with SHA-1,
/// and a verdict (never a crash) when it is a placeholder, truncated, altered or absent.
/// </summary>
[TestClass]
public sealed class SignatureTests
{
    private static readonly string Letter = Packages.Fixture("letter-sdk-form.edxml");

    [TestMethod]
    public void ARealSha256SignatureVerifiesOverTheWholePackage()
    {
        using var certificate = PackageSigner.SelfSigned();
        var check = XmlSignatures.Check(PackageSigner.Bytes(PackageSigner.Sign(Letter, certificate)));
        Assert.IsTrue(check.Verifies, check.Reason);
        Assert.IsNull(check.WeakAlgorithm);
        CollectionAssert.AreEqual(certificate.RawData, check.CertificateDer);
        StringAssert.Contains(check.Signer, "UBND tỉnh Nghệ An");
    }

    [TestMethod]
    public void Sha1IsReportedWeakWithTheReason()
    {
        using var certificate = PackageSigner.SelfSigned();
        var check = XmlSignatures.Check(PackageSigner.Bytes(PackageSigner.Sign(Letter, certificate, sha1: true)));
        Assert.IsTrue(check.Verifies, check.Reason);
        StringAssert.EndsWith(check.WeakAlgorithm, "sha1");
        StringAssert.Contains(check.Reason, "SHA-1 and MD5 no longer resist forgery");
    }

    [TestMethod]
    public void ASignatureWrittenWithoutItsNamespaceStillVerifies()
    {
        using var certificate = PackageSigner.SelfSigned();
        var check = XmlSignatures.Check(PackageSigner.Bytes(PackageSigner.Sign(Letter, certificate, withoutNamespace: true)));
        Assert.IsTrue(check.Verifies, check.Reason);
        StringAssert.Contains(check.Reason, "without the XMLDSig namespace");
    }

    [TestMethod]
    [DataRow("<edXML:Subject>V/v", "<edXML:Subject>Đã sửa: V/v", DisplayName = "a header field changed")]
    [DataRow(">JVBERi0x", ">JVBERi0y", DisplayName = "an attachment's bytes changed")]
    public void AChangedPackageDoesNotVerify(string find, string replace)
    {
        using var certificate = PackageSigner.SelfSigned();
        var signed = PackageSigner.Sign(Letter, certificate);
        var check = XmlSignatures.Check(PackageSigner.Bytes(signed.Replace(find, replace, StringComparison.Ordinal)));
        Assert.IsFalse(check.Verifies);
        StringAssert.Contains(check.Reason, "does not match the package");
    }

    [TestMethod]
    public void ThePublishedPlaceholderWithATruncatedCertificateIsAVerdictNotACrash()
    {
        var check = XmlSignatures.Check(PackageSigner.Bytes(Letter));
        Assert.IsFalse(check.Verifies);
        StringAssert.Contains(check.Reason, "is not a certificate: truncated or a placeholder");
    }

    [TestMethod]
    public void AnEmptySignatureIsAVerdict()
    {
        var start = Letter.IndexOf("<Signature>", StringComparison.Ordinal);
        var end = Letter.IndexOf("</Signature>", StringComparison.Ordinal) + "</Signature>".Length;
        var check = XmlSignatures.Check(PackageSigner.Bytes(Letter[..start] + "<Signature></Signature>" + Letter[end..]));
        Assert.IsFalse(check.Verifies);
        StringAssert.Contains(check.Reason, "empty");
    }

    [TestMethod]
    public async Task TheReaderKeepsSmallPackagesToVerifyAndReportsLargerOnesUnverified()
    {
        using var certificate = PackageSigner.SelfSigned();
        var signed = PackageSigner.Bytes(PackageSigner.Sign(Letter, certificate));

        Assert.IsTrue((await CheckThroughReaderAsync(signed, new EdXmlLimits())).Verifies);
        var large = await CheckThroughReaderAsync(signed, new EdXmlLimits { MaxVerifiedPackageBytes = 1000 });
        Assert.IsNull(large.Verifies);
        StringAssert.Contains(large.Reason, "larger than the 1000 bytes");
    }

    private static async Task<XmlSignatureCheck> CheckThroughReaderAsync(byte[] package, EdXmlLimits limits)
    {
        using var reader = EdXmlReader.Open(new MemoryStream(package), limits);
        await reader.ReadHeaderAsync();
        await foreach (var _ in reader.ReadAttachmentsAsync())
        {
        }

        reader.CompleteLetter();
        return reader.CheckSignature()!;
    }
}
