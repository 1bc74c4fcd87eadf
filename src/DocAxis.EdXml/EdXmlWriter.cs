using System.Text;
using System.Xml;
using DocAxis.Contracts.V1;

namespace DocAxis.EdXml;

/// <summary>
/// Writes packages in the form the national axis SDK writes them: an <c>edXML</c> root holding the
/// envelope (header and manifest references) and then each attachment's content in base64,
/// encoded chunk by chunk as the content streams from storage.
/// </summary>
public static class EdXmlWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        CloseOutput = false,
    };

    /// <param name="contents">Each attachment's content in manifest order, as chunks.</param>
    public static async Task WriteLetterAsync(
        Stream output, Manifest manifest, IEnumerable<IAsyncEnumerable<ReadOnlyMemory<byte>>> contents, CancellationToken cancellationToken = default)
    {
        await using var xml = XmlWriter.Create(output, Settings);
        await StartAsync(xml);
        await LetterHeaderWriter.WriteAsync(xml, manifest);
        await LetterHeaderWriter.Start(xml, EdXmlNames.Body);
        await LetterHeaderWriter.Start(xml, EdXmlNames.Manifest);
        await xml.WriteAttributeStringAsync(null, "version", null, "1.0");
        for (var i = 0; i < manifest.Attachments.Count; i++)
        {
            var attachment = manifest.Attachments[i];
            await LetterHeaderWriter.Start(xml, EdXmlNames.Reference);
            await LetterHeaderWriter.Leaf(xml, "ContentId", ContentIdOf(attachment, i));
            await LetterHeaderWriter.Leaf(xml, "ContentType", attachment.MediaType);
            await LetterHeaderWriter.Leaf(xml, "Description", attachment.Description);
            await LetterHeaderWriter.Leaf(xml, "AttachmentName", attachment.Name);
            await LetterHeaderWriter.End(xml);
        }

        await LetterHeaderWriter.End(xml);
        await LetterHeaderWriter.End(xml);
        await LetterHeaderWriter.End(xml);
        // Outside the envelope the SDK writes the default namespace, and only the content prefixed.
        await Unprefixed(xml, EdXmlNames.AttachmentEncoded);
        var index = 0;
        foreach (var content in contents)
        {
            var attachment = manifest.Attachments[index];
            await Unprefixed(xml, EdXmlNames.Attachment);
            await UnprefixedLeaf(xml, "ContentId", ContentIdOf(attachment, index));
            await UnprefixedLeaf(xml, "AttachmentName", attachment.Name);
            await UnprefixedLeaf(xml, "Description", attachment.Description);
            await UnprefixedLeaf(xml, "ContentType", attachment.MediaType);
            await LetterHeaderWriter.Start(xml, "ContentTransferEncoded");
            await foreach (var piece in content.WithCancellation(cancellationToken))
            {
                await WriteBase64Async(xml, piece);
            }

            await LetterHeaderWriter.End(xml);
            await LetterHeaderWriter.End(xml);
            index++;
        }

        if (index != manifest.Attachments.Count)
        {
            throw new InvalidOperationException($"{index} attachment contents for {manifest.Attachments.Count} attachments.");
        }

        await LetterHeaderWriter.End(xml);
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    public static async Task WriteStatusAsync(Stream output, StatusMessage status, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var xml = XmlWriter.Create(output, Settings);
        await StartAsync(xml);
        await StatusMessageCodec.WriteAsync(xml, status);
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    /// <summary>The ContentId an attachment goes by in a package: the one it came with, or its position.</summary>
    public static string ContentIdOf(Attachment attachment, int index) =>
        string.IsNullOrEmpty(attachment.ContentId) ? $"cid:{index + 1}" : attachment.ContentId;

    private static async Task StartAsync(XmlWriter xml)
    {
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(string.Empty, EdXmlNames.Root, EdXmlNames.Namespace);
        await LetterHeaderWriter.Start(xml, EdXmlNames.Envelope);
    }

    private static Task Unprefixed(XmlWriter xml, string name) => xml.WriteStartElementAsync(string.Empty, name, EdXmlNames.Namespace);

    private static async Task UnprefixedLeaf(XmlWriter xml, string name, string value)
    {
        await Unprefixed(xml, name);
        await xml.WriteStringAsync(value);
        await xml.WriteEndElementAsync();
    }

    private static async Task WriteBase64Async(XmlWriter xml, ReadOnlyMemory<byte> piece)
    {
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(piece, out var segment))
        {
            await xml.WriteBase64Async(segment.Array!, segment.Offset, segment.Count);
        }
        else
        {
            var copy = piece.ToArray();
            await xml.WriteBase64Async(copy, 0, copy.Length);
        }
    }
}
