using System.Text;
using DocAxis.Contracts.V1;

namespace DocAxis.EdXml.Tests;

/// <summary>Reads a package the way a node does, keeping each attachment's bytes for the test to compare.</summary>
internal static class Packages
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static Task<Read> ReadAsync(string xml, EdXmlLimits? limits = null, PackageKind? expected = null) =>
        ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), limits, expected);

    public static async Task<Read> ReadAsync(Stream package, EdXmlLimits? limits = null, PackageKind? expected = null)
    {
        using var reader = EdXmlReader.Open(package, limits, digests: true);
        var header = await reader.ReadHeaderAsync(expected);
        if (header.Kind == PackageKind.Status)
        {
            await reader.FinishAsync();
            return new Read(header, null, []);
        }

        var contents = new List<MemoryStream>();
        await foreach (var (index, data) in reader.ReadAttachmentsAsync())
        {
            while (contents.Count <= index)
            {
                contents.Add(new MemoryStream());
            }

            contents[index].Write(data.Span);
        }

        var manifest = reader.CompleteLetter();
        while (contents.Count < manifest.Attachments.Count)
        {
            contents.Add(new MemoryStream());
        }

        return new Read(header, manifest, [.. contents.Select(c => c.ToArray())]);
    }

    public static async Task<byte[]> WriteAsync(Manifest manifest, IReadOnlyList<byte[]> contents, int chunk = 7919)
    {
        using var output = new MemoryStream();
        await EdXmlWriter.WriteLetterAsync(output, manifest, contents.Select(c => Chunks(c, chunk)));
        return output.ToArray();
    }

    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] content, int size)
    {
        await Task.Yield();
        for (var offset = 0; offset < content.Length; offset += size)
        {
            yield return content.AsMemory(offset, Math.Min(size, content.Length - offset));
        }
    }

    internal sealed record Read(EdXmlPackage Package, Manifest? Letter, IReadOnlyList<byte[]> Contents);
}
