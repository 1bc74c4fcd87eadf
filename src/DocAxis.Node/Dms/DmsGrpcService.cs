using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using DocAxis.Node.EdXml;
using DocAxis.Node.Events;
using DocAxis.Node.Options;
using DocAxis.Node.Sending;
using DocAxis.Node.Status;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Streaming;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DocAxis.Node.Dms;

/// <summary>The agency DMS's API: send, list and fetch the inbox, report statuses, trace and resend sent letters.</summary>
internal sealed class DmsGrpcService(
    LetterComposer composer, EventFeed events, EdXmlIntake edXmlIntake, EdXmlExport edXmlExport, EdXmlStatuses edXmlStatuses, StatusReporter reporter, LetterResender resender, NodeStore store, BlobStore blobs, HostedAgencies agencies, HubLink hub, NodeOptions options)
    : DmsService.DmsServiceBase
{
    private const uint DefaultListLimit = 100;
    private const uint MaxListLimit = 1000;

    public override Task<SendLetterResponse> SendLetter(IAsyncStreamReader<SendLetterRequest> requestStream, ServerCallContext context)
    {
        return composer.SendAsync(context, requestStream, StreamAuthorizer(context));
    }

    public override Task<SendLetterResponse> SendEdXml(IAsyncStreamReader<SendEdXmlRequest> requestStream, ServerCallContext context)
    {
        return edXmlIntake.SendAsync(context, requestStream, StreamAuthorizer(context));
    }

    public override async Task FetchEdXml(FetchEdXmlRequest request, IServerStreamWriter<FetchEdXmlResponse> responseStream, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        var id = EnvelopeId.Parse(request.EnvelopeId).ToString();
        context.About(id);
        await using var output = MessageStreams.Writing(bytes => responseStream.WriteAsync(new FetchEdXmlResponse { PackageChunk = bytes }, context.CancellationToken));
        await edXmlExport.WriteLetterAsync(agency, id, output, context.CancellationToken);
    }

    public override Task<ReportStatusResponse> SendEdXmlStatus(SendEdXmlStatusRequest request, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        return edXmlStatuses.ImportAsync(agency, request.Package, request.ReportId, context.CancellationToken);
    }

    public override async Task FetchEdXmlStatuses(FetchEdXmlStatusesRequest request, IServerStreamWriter<EdXmlStatus> responseStream, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        var id = EnvelopeId.Parse(request.EnvelopeId).ToString();
        context.About(id);
        await foreach (var status in edXmlStatuses.ExportAsync(agency, id, context.CancellationToken))
        {
            await responseStream.WriteAsync(status, context.CancellationToken);
        }
    }

    public override Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<WatchEventsResponse> responseStream, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        return events.WatchAsync(agency, request.AfterSequence, item => responseStream.WriteAsync(item, context.CancellationToken), context.CancellationToken);
    }

    public override Task<ListEventsResponse> ListEvents(ListEventsRequest request, ServerCallContext context) =>
        events.ListAsync(Authorize(context, request.AgencyCode), request, context.CancellationToken);

    public override async Task ListInbox(ListInboxRequest request, IServerStreamWriter<InboxEntry> responseStream, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        var limit = request.Limit == 0 ? DefaultListLimit : Math.Min(request.Limit, MaxListLimit);
        var rows = await store.ListInboxAsync(agency.Code.Value, request.ReceivedAfter?.ToDateTimeOffset(), request.UnreportedOnly, (int)limit);
        foreach (var row in rows)
        {
            await responseStream.WriteAsync(InboxMapper.ToEntry(row), context.CancellationToken);
        }
    }

    public override async Task FetchLetter(FetchLetterRequest request, IServerStreamWriter<FetchLetterResponse> responseStream, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        var id = EnvelopeId.Parse(request.EnvelopeId).ToString();
        context.About(id);
        var row = await store.FindInboxAsync(id, agency.Code.Value)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"Agency {agency.Code} has no letter {id} in its inbox.", "envelope_id");
        await responseStream.WriteAsync(new FetchLetterResponse { Letter = InboxMapper.ToLetter(row) }, context.CancellationToken);
        var contents = await store.GetInboxContentAsync(id, agency.Code.Value);
        await ChunkStreams.WriteAttachmentsAsync(
            blobs.ReadInOrder(contents.Select(c => (c.Sha256, c.Size)), ChunkStreams.ChunkSize, keepCached: false, context.CancellationToken),
            chunk => responseStream.WriteAsync(new FetchLetterResponse { Chunk = chunk }, context.CancellationToken),
            context.CancellationToken);
    }

    public override Task<ReportStatusResponse> ReportStatus(ReportStatusRequest request, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        context.About(EnvelopeId.Parse(request.EnvelopeId).ToString());
        return reporter.ReportAsync(agency, request);
    }

    public override async Task<TraceLetterResponse> TraceLetter(TraceLetterRequest request, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        var id = EnvelopeId.Parse(request.EnvelopeId).ToString();
        context.About(id);
        var letter = await store.GetOutboxAsync(id);
        if (letter is null || letter.AgencyCode != agency.Code.Value)
        {
            // A recipient traces its own side of a letter it received: its delivery and statuses.
            return await store.FindInboxAsync(id, agency.Code.Value) is not null
                ? await WithHubTraceAsync(new TraceLetterResponse { EnvelopeId = id }, agency, context)
                : throw new RefusalException(RefusalReason.EnvelopeUnknown, $"Agency {agency.Code} neither sent nor received a letter {id} through this node.", "envelope_id");
        }

        var response = new TraceLetterResponse
        {
            EnvelopeId = id,
            SubmissionState = OutboxStates.ToProto(letter.State),
            SubmissionError = letter.LastError ?? string.Empty,
            SubmissionAttempts = (uint)letter.Attempts,
            QueuedAt = Timestamp.FromDateTimeOffset(Epoch.FromMs(letter.QueuedAt)),
        };
        if (letter.State != OutboxState.Accepted)
        {
            return response;
        }

        response.Acceptance = letter.SignedAcceptance is { } acceptance ? SignedMapper.ToAcceptance(acceptance) : null;
        return await WithHubTraceAsync(response, agency, context);
    }

    /// <summary>Adds the hub's trace, or why it is missing, without letting a slow hub hold the DMS.</summary>
    private async Task<TraceLetterResponse> WithHubTraceAsync(TraceLetterResponse response, HostedAgency agency, ServerCallContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(HubRefusals.Deadline);
        try
        {
            response.Trace = await hub.Trace(agency).GetTraceAsync(new GetTraceRequest { EnvelopeId = response.EnvelopeId }, cancellationToken: timeout.Token);
        }
        catch (RpcException e)
        {
            response.TraceError = HubRefusals.Describe(e);
        }

        return response;
    }

    /// <summary>Relays the agency's paper count to the hub as the agency; the hub's answer, or refusal, is the DMS's.</summary>
    public override async Task<PaperReportAck> ReportPaper(PaperReport request, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        return await HubRefusals.RelayAsync(
            deadline => hub.Statistics(agency).ReportPaperAsync(request, cancellationToken: deadline).ResponseAsync, context.CancellationToken, "the paper count was not recorded");
    }

    public override Task<ResendLetterResponse> ResendLetter(ResendLetterRequest request, ServerCallContext context)
    {
        var agency = Authorize(context, request.AgencyCode);
        context.About(EnvelopeId.Parse(request.EnvelopeId).ToString());
        return resender.ResendAsync(agency, request, $"dms:{agency.Code}", context.CancellationToken);
    }

    /// <summary>The agency a call acts for, once the listener and the agency's token are checked.</summary>
    private HostedAgency Authorize(ServerCallContext context, string agencyCode)
    {
        RequireLocalListener(context);
        var agency = agencies.Get(agencyCode);
        context.ActingFor($"dms:{agency.Code}");
        DmsTokens.Require(context, agency, agencies);
        return agency;
    }

    /// <summary>The DMS API is served only on its own listener, never on the port the hub reaches.</summary>
    /// <summary>
    /// For a client stream, whose first message names the agency: the listener is checked at once,
    /// the token once that agency is known and before anything else is read.
    /// </summary>
    private Action<HostedAgency> StreamAuthorizer(ServerCallContext context)
    {
        RequireLocalListener(context);
        return agency =>
        {
            context.ActingFor($"dms:{agency.Code}");
            DmsTokens.Require(context, agency, agencies);
        };
    }

    private void RequireLocalListener(ServerCallContext context)
    {
        var port = context.GetHttpContext().Connection.LocalPort;
        if (port != System.Net.IPEndPoint.Parse(options.DmsListen).Port)
        {
            throw new RefusalException(RefusalReason.AccessDenied, "The DMS API is served only on the node's DMS listener.");
        }
    }
}
