using CsCheck;
using DocAxis.Testing;

namespace DocAxis.EdXml.Tests;

/// <summary>Whatever a manifest holds that edXML can say, a package written from it reads back as it.</summary>
[TestClass]
public sealed class RoundTripTests
{
    [TestMethod]
    public void GeneratedLettersSurviveWritingAndReadingFieldByField()
    {
        GeneratedPackages.Letter.Sample(
            letter =>
            {
                var written = Packages.WriteAsync(letter.Manifest, letter.Contents).GetAwaiter().GetResult();
                var read = Packages.ReadAsync(new MemoryStream(written)).GetAwaiter().GetResult();
                Assert.AreEqual(letter.Manifest, read.Letter);
                Assert.HasCount(letter.Contents.Length, read.Contents);
                for (var i = 0; i < letter.Contents.Length; i++)
                {
                    CollectionAssert.AreEqual(letter.Contents[i], read.Contents[i], $"attachment {i}");
                }
            },
            iter: 300);
    }
}
