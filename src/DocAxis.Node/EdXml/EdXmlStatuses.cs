using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.EdXml;
using DocAxis.Node.Sending;
using DocAxis.Node.Status;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace DocAxis.Node.EdXml;

/// <summary>
/// edXML status messages in both directions: one a recipient's DMS sends becomes a signed status
/// report on the letter its ResponseFor names (a 13 from the sender's DMS becomes a recall of its
/// letter); the reports a sent letter received come back out of the hub's trace as status messages.
/// </summary>
internal sealed class EdXmlStatuses(OrganCodes codes, StatusReporter reporter, LetterComposer composer, NodeStore store, HubLink hub)
{
    /// <summary>The largest status message a DMS may send; real ones are a few kilobytes.</summary>
    public const int MaxStatusBytes = 1024 * 1024;

    /// <summary>edXML writes local time without an offset; Vietnam's is UTC+7 all year.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    private const string Recall = "13";

    public async Task<ReportStatusResponse> ImportAsync(HostedAgency agency, ByteString package, string reportId, CancellationToken cancellationToken)
    {
        if (package.Length > MaxStatusBytes)
        {
            throw new RefusalException(
                RefusalReason.LimitExceeded,
                $"The status message has {package.Length} bytes; at most {MaxStatusBytes} are accepted.",
                new Dictionary<string, string> { ["limit"] = "max_status_bytes" });
        }

        using var reader = EdXmlReader.Open(new MemoryStream(package.ToByteArray(), writable: false), new EdXmlLimits { MaxPackageBytes = MaxStatusBytes });
        var status = (await reader.ReadHeaderAsync(PackageKind.Status, cancellationToken)).Status!;
        await reader.FinishAsync(cancellationToken);
        await codes.MapAsync("edXMLHeader/MessageHeader/From/OrganId", status.From, agency, cancellationToken);
        if (status.From.Code != agency.Code.Value)
        {
            throw new RefusalException(
                RefusalReason.ClientNotSender,
                $"The status message's From is {status.From.Code}, but the call acts for {agency.Code}; a DMS reports only its own agency's statuses.",
                "edXMLHeader/MessageHeader/From/OrganId");
        }

        var issuer = new AgencyRef { Code = status.ResponseFor.OrganId };
        await codes.MapAsync("edXMLHeader/MessageHeader/ResponseFor/OrganId", issuer, agency, cancellationToken);
        return status.StatusCode == Recall
            ? await RecallAsync(agency, status, issuer, reportId)
            : await ReportAsync(agency, status, issuer, reportId);
    }

    /// <summary>The statuses each recipient reported on a letter this agency sent, as status messages, oldest first per recipient.</summary>
    public async IAsyncEnumerable<EdXmlStatus> ExportAsync(HostedAgency agency, string envelopeId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var letter = await store.GetOutboxAsync(envelopeId);
        if (letter is null || letter.AgencyCode != agency.Code.Value)
        {
            throw new RefusalException(RefusalReason.EnvelopeUnknown, $"Agency {agency.Code} sent no letter {envelopeId} through this node.", "envelope_id");
        }

        var manifest = ManifestMapper.Parse(letter.Manifest);
        var trace = await hub.Trace(agency).GetTraceAsync(new GetTraceRequest { EnvelopeId = envelopeId }, cancellationToken: cancellationToken);
        var about = new ResponseFor
        {
            OrganId = WrittenCode(manifest.Sender),
            Code = string.IsNullOrEmpty(manifest.Code.Notation) ? manifest.Code.Number : $"{manifest.Code.Number}/{manifest.Code.Notation}",
            PromulgationDate = manifest.IssueDate,
            DocumentId = manifest.DocumentId,
        };
        foreach (var recipient in trace.Recipients)
        {
            var organ = manifest.Recipients.FirstOrDefault(r => r.Code == recipient.RecipientCode) ?? new AgencyRef { Code = recipient.RecipientCode };
            foreach (var signed in recipient.Reports)
            {
                var report = StatusReport.Parser.ParseFrom(signed.Body);
                using var output = new MemoryStream();
                await EdXmlWriter.WriteStatusAsync(output, new StatusMessage
                {
                    From = organ,
                    ResponseFor = about,
                    Staff = report.Staff ?? new StaffInfo { Staff = report.StaffName },
                    StatusCode = report.StatusCode,
                    Description = report.Description,
                    Timestamp = report.ReportedAt.ToDateTimeOffset().ToOffset(VietnamOffset).DateTime,
                }, cancellationToken);
                yield return new EdXmlStatus { RecipientCode = recipient.RecipientCode, StatusCode = report.StatusCode, Package = ByteString.CopyFrom(output.ToArray()) };
            }
        }
    }

    private async Task<ReportStatusResponse> ReportAsync(HostedAgency agency, StatusMessage status, AgencyRef issuer, string reportId)
    {
        var letter = await store.FindReceivedByDocumentIdAsync(agency.Code.Value, issuer.Code, status.ResponseFor.DocumentId)
            ?? throw new RefusalException(
                RefusalReason.EnvelopeUnknown,
                $"Agency {agency.Code} received no letter from {issuer.Code} with DocumentId \"{status.ResponseFor.DocumentId}\".",
                "edXMLHeader/MessageHeader/ResponseFor/DocumentId");
        return await reporter.ReportAsync(agency, new ReportStatusRequest
        {
            AgencyCode = agency.Code.Value,
            EnvelopeId = letter.EnvelopeId,
            StatusCode = status.StatusCode,
            Description = status.Description,
            Staff = status.Staff,
            ReportedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(status.Timestamp, VietnamOffset)),
            ReportId = reportId,
        });
    }

    /// <summary>A 13 is the sender asking to recall its letter: DocAxis sends a revoke letter to the same recipients.</summary>
    /// <param name="reportId">The revoke letter's envelope id if given, so that sending the same 13 again recalls once.</param>
    private async Task<ReportStatusResponse> RecallAsync(HostedAgency agency, StatusMessage status, AgencyRef issuer, string reportId)
    {
        const string field = "edXMLHeader/MessageHeader/ResponseFor/DocumentId";
        if (issuer.Code != agency.Code.Value)
        {
            throw new RefusalException(RefusalReason.ReferenceInvalid, $"A 13 asks to recall a letter the agency itself sent; ResponseFor names {issuer.Code}, not {agency.Code}.", "edXMLHeader/MessageHeader/ResponseFor/OrganId");
        }

        var earlier = await store.FindSentByDocumentIdAsync(agency.Code.Value, status.ResponseFor.DocumentId)
            ?? throw new RefusalException(RefusalReason.ReferenceInvalid, $"Agency {agency.Code} sent no letter with DocumentId \"{status.ResponseFor.DocumentId}\" through this node, so there is nothing to recall.", field);
        var original = ManifestMapper.Parse(earlier.Manifest);
        // The revoke letter has no DocumentId of its own: edXML names the recalled letter in Bussiness, and a
        // later status about that DocumentId must still find the recalled letter, not this one.
        var revoke = new Manifest
        {
            EnvelopeId = reportId,
            Sender = original.Sender,
            Recipients = { original.Recipients },
            Code = original.Code,
            IssueDate = DateOnly.FromDateTime(status.Timestamp).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            IssuePlace = original.IssuePlace,
            DocumentType = original.DocumentType,
            Subject = original.Subject,
            BusinessType = BusinessType.Revoke,
            ReferencedEnvelopeId = earlier.EnvelopeId,
            BusinessReason = status.Description,
            Business = new BusinessInfo { DocumentId = original.DocumentId, Staff = status.Staff },
        };
        composer.Complete(revoke, agency);
        var queued = await composer.QueueAsync(agency, revoke, [], "SendEdXmlStatus 13");
        return new ReportStatusResponse { ReportId = queued.EnvelopeId, QueuedAt = queued.QueuedAt };
    }

    private static string WrittenCode(AgencyRef organ) => string.IsNullOrEmpty(organ.WrittenCode) ? organ.Code : organ.WrittenCode;
}
