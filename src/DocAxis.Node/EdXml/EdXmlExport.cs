using DocAxis.Core;
using DocAxis.EdXml;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Streaming;

namespace DocAxis.Node.EdXml;

/// <summary>
/// A received letter written back as the edXML package its sender's DMS would have written: the
/// header from the signed manifest, the attachments base64-encoded as they stream from storage.
/// </summary>
internal sealed class EdXmlExport(NodeStore store, BlobStore blobs)
{
    public async Task WriteLetterAsync(HostedAgency agency, string envelopeId, Stream output, CancellationToken cancellationToken)
    {
        var row = await store.FindInboxAsync(envelopeId, agency.Code.Value)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"Agency {agency.Code} has no letter {envelopeId} in its inbox.", "envelope_id");
        var manifest = ManifestMapper.Parse(row.Manifest);
        var contents = await store.GetInboxContentAsync(envelopeId, agency.Code.Value);
        await EdXmlWriter.WriteLetterAsync(
            output,
            manifest,
            blobs.ReadInOrder(contents.Select(c => (c.Sha256, c.Size)), ChunkStreams.ChunkSize, keepCached: false, cancellationToken),
            cancellationToken);
        await output.FlushAsync(cancellationToken);
    }
}
