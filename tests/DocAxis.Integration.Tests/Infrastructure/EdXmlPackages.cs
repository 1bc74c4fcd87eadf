using System.Text;
using DocAxis.Contracts.V1;
using DocAxis.EdXml;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>The committed edXML fixtures, addressed to the test axis's agencies, and reading packages back.</summary>
internal static class EdXmlPackages
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "EdXmlFixtures", name));

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "EdXmlFixtures", name));

    /// <summary>The SDK-form letter fixture, from <paramref name="from"/> to <paramref name="first"/> and <paramref name="second"/>.</summary>
    public static string Letter(string from, string first, string second, string documentId = "000.00.00.H41,2026/11/30,1234/UBND-VX") =>
        Fixture("letter-sdk-form.edxml")
            .Replace("<edXML:From>\r\n          <edXML:OrganId>000.00.00.H41</edXML:OrganId>", $"<edXML:From>\r\n          <edXML:OrganId>{from}</edXML:OrganId>", StringComparison.Ordinal)
            .Replace("<edXML:To>\r\n          <edXML:OrganId>000.00.00.G22</edXML:OrganId>", $"<edXML:To>\r\n          <edXML:OrganId>{first}</edXML:OrganId>", StringComparison.Ordinal)
            .Replace("<edXML:OrganId>28.22.H17</edXML:OrganId>", $"<edXML:OrganId>{second}</edXML:OrganId>", StringComparison.Ordinal)
            .Replace("<edXML:DocumentId>000.00.00.H41,2026/11/30,1234/UBND-VX</edXML:DocumentId>", $"<edXML:DocumentId>{documentId}</edXML:DocumentId>", StringComparison.Ordinal);

    /// <summary>Turns a letter into a revoke (1), update (2) or replace (3) of the letter with <paramref name="earlier"/> as DocumentId.</summary>
    public static string Amending(string letter, int businessType, string earlier, string documentId) =>
        letter.Replace("<edXML:BussinessDocType>0</edXML:BussinessDocType>", $"<edXML:BussinessDocType>{businessType}</edXML:BussinessDocType>", StringComparison.Ordinal)
            .Replace("<edXML:BussinessDocReason></edXML:BussinessDocReason>", $"<edXML:BussinessDocReason>Thu hồi do sai sót</edXML:BussinessDocReason>\r\n          <edXML:DocumentId>{earlier}</edXML:DocumentId>", StringComparison.Ordinal)
            .Replace("<edXML:DocumentId>000.00.00.H41,2026/11/30,1234/UBND-VX</edXML:DocumentId>", $"<edXML:DocumentId>{documentId}</edXML:DocumentId>", StringComparison.Ordinal);

    /// <summary>The status fixture, from <paramref name="from"/> about the letter <paramref name="documentId"/> of <paramref name="issuer"/>.</summary>
    public static byte[] Status(string from, string issuer, string documentId, string code, string timestamp = "2026/12/01 09:30:12") =>
        Encoding.UTF8.GetBytes(Fixture("status-03.edxml")
            .Replace("<edXML:OrganId>000.00.00.G22</edXML:OrganId>", "<edXML:OrganId>FROM</edXML:OrganId>", StringComparison.Ordinal)
            .Replace("<edXML:OrganId>000.00.00.H41</edXML:OrganId>", $"<edXML:OrganId>{issuer}</edXML:OrganId>", StringComparison.Ordinal)
            .Replace("<edXML:OrganId>FROM</edXML:OrganId>", $"<edXML:OrganId>{from}</edXML:OrganId>", StringComparison.Ordinal)
            .Replace("<edXML:DocumentId>000.00.00.H41,2026/11/30,1234/UBND-VX</edXML:DocumentId>", $"<edXML:DocumentId>{documentId}</edXML:DocumentId>", StringComparison.Ordinal)
            .Replace("<edXML:StatusCode>03</edXML:StatusCode>", $"<edXML:StatusCode>{code}</edXML:StatusCode>", StringComparison.Ordinal)
            .Replace("<edXML:Timestamp>2026/12/01 09:30:12</edXML:Timestamp>", $"<edXML:Timestamp>{timestamp}</edXML:Timestamp>", StringComparison.Ordinal));

    public static async Task<StatusMessage> ReadStatusAsync(byte[] package)
    {
        using var reader = EdXmlReader.Open(new MemoryStream(package));
        var status = (await reader.ReadHeaderAsync(PackageKind.Status)).Status!;
        await reader.FinishAsync();
        return status;
    }

    public static Stream Stream(string xml) => new MemoryStream(Encoding.UTF8.GetBytes(xml));

    /// <summary>Reads a package whole: its manifest (without what the node adds) and each attachment's bytes.</summary>
    public static async Task<(Manifest Manifest, List<byte[]> Contents)> ReadAsync(Stream package)
    {
        using var reader = EdXmlReader.Open(package, digests: true);
        await reader.ReadHeaderAsync(PackageKind.Letter);
        var contents = new List<MemoryStream>();
        await foreach (var (index, data) in reader.ReadAttachmentsAsync())
        {
            while (contents.Count <= index)
            {
                contents.Add(new MemoryStream());
            }

            contents[index].Write(data.Span);
        }

        return (reader.CompleteLetter(), [.. contents.Select(c => c.ToArray())]);
    }
}
