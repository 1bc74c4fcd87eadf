using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.EdXml;
using DocAxis.Node.Options;
using DocAxis.Node.Sending;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Streaming;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.EdXml;

/// <summary>
/// A letter that comes as an edXML package: read as it streams, its header mapped onto the
/// Manifest, its attachments decoded from base64 straight into staging, then signed and queued
/// like any other letter. A bad package leaves nothing behind.
/// </summary>
internal sealed class EdXmlIntake(LetterComposer composer, OrganCodes codes, PackageSignatureVerdicts verdicts, NodeStore store, BlobStore blobs, HostedAgencies agencies, NodeOptions options, ILogger<EdXmlIntake> logger)
{
    private const string What = "edXML package";

    /// <param name="authorize">Checks that the caller may act for the agency, before the package is read.</param>
    public async Task<SendLetterResponse> SendAsync(ServerCallContext context, IAsyncStreamReader<SendEdXmlRequest> stream, Action<HostedAgency> authorize)
    {
        var cancellationToken = context.CancellationToken;
        var send = await ChunkStreams.ReadHeaderAsync(stream, m => m.PartCase == SendEdXmlRequest.PartOneofCase.Send ? m.Send : null, What, cancellationToken);
        var agency = agencies.Get(send.AgencyCode, "send.agency_code");
        authorize(agency);
        await using var package = MessageStreams.Reading(stream, m => m.PartCase == SendEdXmlRequest.PartOneofCase.PackageChunk ? m.PackageChunk : null, What, cancellationToken);
        return await ImportAsync(agency, package, send.EnvelopeId, cancellationToken, id => context.About(id));
    }

    /// <summary>Imports one package for an agency already authorized; the REST door calls this too.</summary>
    /// <param name="about">Told the envelope id as soon as it is known, for the call's log.</param>
    public async Task<SendLetterResponse> ImportAsync(HostedAgency agency, Stream package, string envelopeId, CancellationToken cancellationToken, Action<string>? about = null)
    {
        using var reader = EdXmlReader.Open(package, new EdXmlLimits { MaxPackageBytes = options.MaxEdXmlPackageBytes });
        var header = await reader.ReadHeaderAsync(PackageKind.Letter, cancellationToken);
        var manifest = header.Letter!;
        await codes.MapAsync(manifest, agency, cancellationToken);
        CheckSender(manifest, agency);
        await ResolveReferenceAsync(manifest, agency);
        manifest.EnvelopeId = envelopeId;
        var writtenName = manifest.Sender.Name;
        composer.Complete(manifest, agency);
        manifest.Sender.Name = writtenName; // the package's From goes out as it came, even without an OrganName
        about?.Invoke(manifest.EnvelopeId);

        var expected = manifest.Attachments.Select(a => new ExpectedContent(a.Name, null, null)).ToList();
        var staged = await AttachmentIntake.ReceiveAsync(blobs, expected, reader.ReadAttachmentsAsync(cancellationToken), options.MaxAttachmentBytes, cancellationToken);
        Manifest complete;
        try
        {
            complete = reader.CompleteLetter();
            if (reader.CheckSignature() is { } check)
            {
                verdicts.Record(complete.PackageSignature, check);
            }
        }
        catch
        {
            BlobStore.Discard(staged);
            throw;
        }

        var queued = await composer.QueueAsync(agency, complete, staged, "SendEdXml");
        NodeLog.PackageImported(logger, agency.Code.Value, queued.EnvelopeId, complete.PackageSignature?.Verdict.ToString() ?? "none");
        return queued;
    }

    private static void CheckSender(Manifest manifest, HostedAgency agency)
    {
        if (manifest.Sender.Code != agency.Code.Value)
        {
            throw new RefusalException(
                RefusalReason.ClientNotSender,
                $"The package's From is {manifest.Sender.Code}, but the call acts for {agency.Code}; a DMS sends only its own agency's letters.",
                "edXMLHeader/MessageHeader/From/OrganId");
        }
    }

    /// <summary>edXML names the letter a revoke, update or replace amends by its DocumentId; the outbox knows its envelope.</summary>
    private async Task ResolveReferenceAsync(Manifest manifest, HostedAgency agency)
    {
        if (manifest.BusinessType == Contracts.V1.BusinessType.New)
        {
            return;
        }

        const string field = "edXMLHeader/TraceHeaderList/Bussiness/DocumentId";
        var documentId = manifest.Business?.DocumentId ?? string.Empty;
        if (documentId.Length == 0)
        {
            throw new RefusalException(RefusalReason.PackageInvalid, $"{field}: a {manifest.BusinessType} letter must name the DocumentId of the letter it amends.", field);
        }

        var earlier = await store.FindSentByDocumentIdAsync(agency.Code.Value, documentId)
            ?? throw new RefusalException(
                RefusalReason.ReferenceInvalid,
                $"{field}: agency {agency.Code} sent no letter with DocumentId \"{documentId}\" through this node, so there is nothing to {manifest.BusinessType.ToString().ToLowerInvariant()}.",
                field);
        manifest.ReferencedEnvelopeId = earlier.EnvelopeId;
    }
}
