using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Node.Options;
using DocAxis.Storage;
using DocAxis.Storage.Node;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Hosting;

namespace DocAxis.Node.Events;

/// <summary>
/// Serves a hosted agency's event record: a page after a cursor, or a stream that replays from the
/// cursor and then follows, with a heartbeat after each quiet interval. The record is the truth; the
/// stream only saves a DMS from asking.
/// </summary>
public sealed class EventFeed(NodeStore store, EventBell bell, NodeOptions options, IHostApplicationLifetime lifetime, TimeProvider time)
{
    public const uint DefaultLimit = 100;
    public const uint MaxLimit = 1000;
    private const int StreamPage = 500;

    public async Task<ListEventsResponse> ListAsync(HostedAgency agency, ListEventsRequest request, CancellationToken cancellationToken)
    {
        CheckCursor(request.AfterSequence);
        if (request.Limit > MaxLimit)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"limit {request.Limit} is over {MaxLimit}.", "limit");
        }

        var limit = (int)(request.Limit == 0 ? DefaultLimit : request.Limit);
        var rows = await store.Events.ListAsync(agency.Code.Value, request.AfterSequence, limit + 1, cancellationToken);
        var response = new ListEventsResponse { More = rows.Count > limit };
        response.Events.AddRange(rows.Take(limit).Select(ToEvent));
        return response;
    }

    /// <summary>
    /// Writes events after the cursor as they are recorded, until the client goes away or the node
    /// stops (the stream then ends cleanly and the client resumes elsewhere or later).
    /// </summary>
    public async Task WatchAsync(HostedAgency agency, long afterSequence, Func<WatchEventsResponse, Task> write, CancellationToken clientGone)
    {
        CheckCursor(afterSequence);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(clientGone, lifetime.ApplicationStopping);
        try
        {
            await FollowAsync(agency, afterSequence, write, ended.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !clientGone.IsCancellationRequested)
        {
        }
    }

    private async Task FollowAsync(HostedAgency agency, long afterSequence, Func<WatchEventsResponse, Task> write, CancellationToken cancellationToken)
    {
        var cursor = afterSequence;
        var quietSince = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            var ring = bell.Next;
            var rows = await store.Events.ListAsync(agency.Code.Value, cursor, StreamPage, cancellationToken);
            foreach (var row in rows)
            {
                await write(new WatchEventsResponse { Event = ToEvent(row) });
                cursor = row.Seq;
            }

            if (rows.Count > 0)
            {
                quietSince = time.GetTimestamp();
                if (rows.Count == StreamPage)
                {
                    continue;
                }
            }

            var quiet = options.Events.Heartbeat - time.GetElapsedTime(quietSince);
            if (quiet <= TimeSpan.Zero)
            {
                await write(new WatchEventsResponse { Heartbeat = new Heartbeat { At = Timestamp.FromDateTimeOffset(time.GetUtcNow()), LastSequence = cursor } });
                quietSince = time.GetTimestamp();
                continue;
            }

            await Task.WhenAny(ring, Task.Delay(quiet, time, cancellationToken));
        }
    }

    private static void CheckCursor(long afterSequence)
    {
        if (afterSequence < 0)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"after_sequence {afterSequence} is negative.", "after_sequence");
        }
    }

    private static LetterEvent ToEvent(LetterEventRow row) => new()
    {
        Sequence = row.Seq,
        AgencyCode = row.AgencyCode,
        Kind = row.Kind switch
        {
            LetterEventKinds.Received => LetterEventKind.Received,
            LetterEventKinds.Accepted => LetterEventKind.Accepted,
            LetterEventKinds.Refused => LetterEventKind.Refused,
            LetterEventKinds.AttemptFailed => LetterEventKind.AttemptFailed,
            LetterEventKinds.Delivered => LetterEventKind.Delivered,
            LetterEventKinds.Status => LetterEventKind.Status,
            LetterEventKinds.Failed => LetterEventKind.Failed,
            LetterEventKinds.Requeued => LetterEventKind.Requeued,
            LetterEventKinds.Amended => LetterEventKind.Amended,
            LetterEventKinds.Forwarded => LetterEventKind.Forwarded,
            _ => LetterEventKind.Unspecified,
        },
        EnvelopeId = row.EnvelopeId,
        CounterpartCode = row.CounterpartCode ?? string.Empty,
        StatusCode = row.StatusCode ?? string.Empty,
        Detail = row.Detail ?? string.Empty,
        Attempt = (uint)(row.Attempt ?? 0),
        At = Timestamp.FromDateTimeOffset(Epoch.FromMs(row.At)),
    };
}
