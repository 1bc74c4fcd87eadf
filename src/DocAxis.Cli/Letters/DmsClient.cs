using System.Security.Cryptography;
using DocAxis.Contracts.V1;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace DocAxis.Cli.Letters;

/// <summary>What a DMS does with its node's local API, streaming files in and out chunk by chunk.</summary>
public sealed class DmsClient(CallInvoker invoker)
{
    private readonly DmsService.DmsServiceClient _client = new(invoker);

    /// <summary>Calls through <paramref name="channel"/> as the agency whose DMS token this is.</summary>
    public static CallInvoker WithToken(GrpcChannel channel, string token) =>
        channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        });

    public DmsService.DmsServiceClient Raw => _client;

    /// <summary>Sends a letter whose attachments are the given files, in manifest order.</summary>
    public async Task<SendLetterResponse> SendAsync(string agencyCode, Manifest manifest, IReadOnlyList<string> files, CancellationToken cancellationToken = default)
    {
        using var call = _client.SendLetter(cancellationToken: cancellationToken);
        return await ClientStreamingCalls.SendAsync(call, async requests =>
        {
            await requests.WriteAsync(new SendLetterRequest { Draft = new LetterDraft { AgencyCode = agencyCode, Manifest = manifest } }, cancellationToken);
            var buffer = new byte[ChunkStreams.ChunkSize];
            for (var i = 0; i < files.Count; i++)
            {
                await using var file = File.OpenRead(files[i]);
                int read;
                while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await requests.WriteAsync(new SendLetterRequest { Chunk = new AttachmentChunk { AttachmentIndex = (uint)i, Data = ByteString.CopyFrom(buffer, 0, read) } }, cancellationToken);
                }
            }
        });
    }

    /// <summary>Sends a letter given as an edXML package, streamed as it is read.</summary>
    public async Task<SendLetterResponse> SendEdXmlAsync(string agencyCode, Stream package, string envelopeId = "", CancellationToken cancellationToken = default)
    {
        using var call = _client.SendEdXml(cancellationToken: cancellationToken);
        return await ClientStreamingCalls.SendAsync(call, async requests =>
        {
            await requests.WriteAsync(new SendEdXmlRequest { Send = new EdXmlSend { AgencyCode = agencyCode, EnvelopeId = envelopeId } }, cancellationToken);
            var buffer = new byte[ChunkStreams.ChunkSize];
            int read;
            while ((read = await package.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await requests.WriteAsync(new SendEdXmlRequest { PackageChunk = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
            }
        });
    }

    /// <summary>Writes a received letter, as an edXML package, to <paramref name="output"/>; returns its size in bytes.</summary>
    public async Task<long> FetchEdXmlAsync(string agencyCode, string envelopeId, Stream output, CancellationToken cancellationToken = default)
    {
        using var call = _client.FetchEdXml(new FetchEdXmlRequest { AgencyCode = agencyCode, EnvelopeId = envelopeId }, cancellationToken: cancellationToken);
        long bytes = 0;
        await foreach (var part in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            await output.WriteAsync(part.PackageChunk.Memory, cancellationToken);
            bytes += part.PackageChunk.Length;
        }

        return bytes;
    }

    /// <summary>Reports a status given as an edXML status message.</summary>
    public Task<ReportStatusResponse> SendEdXmlStatusAsync(string agencyCode, byte[] package, string reportId = "", CancellationToken cancellationToken = default) =>
        _client.SendEdXmlStatusAsync(
            new SendEdXmlStatusRequest { AgencyCode = agencyCode, Package = ByteString.CopyFrom(package), ReportId = reportId }, cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>The statuses a sent letter received, as edXML status messages.</summary>
    public async Task<IReadOnlyList<EdXmlStatus>> FetchEdXmlStatusesAsync(string agencyCode, string envelopeId, CancellationToken cancellationToken = default)
    {
        using var call = _client.FetchEdXmlStatuses(new FetchEdXmlStatusesRequest { AgencyCode = agencyCode, EnvelopeId = envelopeId }, cancellationToken: cancellationToken);
        return await call.ResponseStream.ReadAllAsync(cancellationToken).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<InboxEntry>> InboxAsync(string agencyCode, bool unreportedOnly = false, CancellationToken cancellationToken = default)
    {
        using var call = _client.ListInbox(new ListInboxRequest { AgencyCode = agencyCode, UnreportedOnly = unreportedOnly }, cancellationToken: cancellationToken);
        return await call.ResponseStream.ReadAllAsync(cancellationToken).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Fetches a letter and checks every attachment against the SHA-256 in its manifest while it
    /// streams; writes the files into <paramref name="folder"/> when one is given.
    /// </summary>
    public async Task<FetchedLetter> FetchAsync(string agencyCode, string envelopeId, string? folder, CancellationToken cancellationToken = default)
    {
        using var call = _client.FetchLetter(new FetchLetterRequest { AgencyCode = agencyCode, EnvelopeId = envelopeId }, cancellationToken: cancellationToken);
        InboxLetter? letter = null;
        var hashes = new List<IncrementalHash>();
        var sizes = new List<long>();
        Stream? output = null;
        try
        {
            await foreach (var part in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (part.PartCase == FetchLetterResponse.PartOneofCase.Letter)
                {
                    letter = part.Letter;
                    continue;
                }

                var index = (int)part.Chunk.AttachmentIndex;
                while (hashes.Count <= index)
                {
                    hashes.Add(IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
                    sizes.Add(0);
                    if (output is not null)
                    {
                        await output.DisposeAsync();
                    }

                    output = folder is null ? null : File.Create(Path.Combine(folder, Path.GetFileName(letter!.Manifest.Attachments[hashes.Count - 1].Name)));
                }

                hashes[index].AppendData(part.Chunk.Data.Span);
                sizes[index] += part.Chunk.Data.Length;
                if (output is not null)
                {
                    await output.WriteAsync(part.Chunk.Data.Memory, cancellationToken);
                }
            }
        }
        finally
        {
            if (output is not null)
            {
                await output.DisposeAsync();
            }
        }

        if (letter is null)
        {
            throw new InvalidDataException($"The node sent no letter for {envelopeId}.");
        }

        var verified = letter.Manifest.Attachments.Select((a, i) =>
            a.Size == 0 || (i < hashes.Count && sizes[i] == (long)a.Size && hashes[i].GetHashAndReset().AsSpan().SequenceEqual(a.Sha256.Span))).ToList();
        hashes.ForEach(h => h.Dispose());
        return new FetchedLetter(letter, sizes.Sum(), verified.All(v => v));
    }

    public Task<ReportStatusResponse> ReportAsync(string agencyCode, string envelopeId, string statusCode, string description, string staff = "") =>
        _client.ReportStatusAsync(new ReportStatusRequest
        {
            AgencyCode = agencyCode, EnvelopeId = envelopeId, StatusCode = statusCode, Description = description, StaffName = staff,
        }).ResponseAsync;

    public Task<TraceLetterResponse> TraceAsync(string agencyCode, string envelopeId) =>
        _client.TraceLetterAsync(new TraceLetterRequest { AgencyCode = agencyCode, EnvelopeId = envelopeId }).ResponseAsync;

    /// <summary>Asks the hub, through the node, to re-queue failed deliveries (all of them when no recipient is named).</summary>
    public Task<ResendLetterResponse> ResendAsync(string agencyCode, string envelopeId, IEnumerable<string> recipients, string reason) =>
        _client.ResendLetterAsync(new ResendLetterRequest
        {
            AgencyCode = agencyCode, EnvelopeId = envelopeId, RecipientCodes = { recipients }, Reason = reason,
        }).ResponseAsync;

    /// <summary>The whole event record of an agency after a cursor, page by page.</summary>
    public async IAsyncEnumerable<LetterEvent> ListEventsAsync(
        string agencyCode, long afterSequence = 0, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ListEventsResponse page;
        do
        {
            page = await _client.ListEventsAsync(
                new ListEventsRequest { AgencyCode = agencyCode, AfterSequence = afterSequence, Limit = EventPage }, cancellationToken: cancellationToken);
            foreach (var e in page.Events)
            {
                afterSequence = e.Sequence;
                yield return e;
            }
        }
        while (page.More);
    }

    /// <summary>Follows an agency's event record from a cursor: events and heartbeats, until cancelled.</summary>
    public async IAsyncEnumerable<WatchEventsResponse> WatchEventsAsync(
        string agencyCode, long afterSequence = 0, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = _client.WatchEvents(new WatchEventsRequest { AgencyCode = agencyCode, AfterSequence = afterSequence }, cancellationToken: cancellationToken);
        await foreach (var item in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }

    private const uint EventPage = 1000;
}

/// <summary>A fetched letter, and whether every attachment matched its signed digest.</summary>
public sealed record FetchedLetter(InboxLetter Letter, long Bytes, bool AttachmentsVerified);
