using Microsoft.Extensions.Logging;

namespace DocAxis.Node;

/// <summary>A node's log events, with stable ids.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventId = 2000, EventName = "NodeStarted", Level = LogLevel.Information,
        Message = "Node for {Agencies} listening on {Listen} (hub deliveries) and {DmsListen} (DMS), data in {DataDirectory}")]
    public static partial void NodeStarted(ILogger logger, string agencies, string listen, string dmsListen, string dataDirectory);

    [LoggerMessage(EventId = 2001, EventName = "LetterQueued", Level = LogLevel.Information,
        Message = "Queued {EnvelopeId} from {Agency}: {Subject}")]
    public static partial void LetterQueued(ILogger logger, string envelopeId, string agency, string subject);

    [LoggerMessage(EventId = 2002, EventName = "LetterSubmitted", Level = LogLevel.Information,
        Message = "Hub accepted {EnvelopeId} at {AcceptedAt}")]
    public static partial void LetterSubmitted(ILogger logger, string envelopeId, DateTimeOffset acceptedAt);

    [LoggerMessage(EventId = 2003, EventName = "SubmissionRetry", Level = LogLevel.Warning,
        Message = "Submitting {EnvelopeId} failed, retrying at {NextAt}: {Error}")]
    public static partial void SubmissionRetry(ILogger logger, string envelopeId, DateTimeOffset nextAt, string error);

    [LoggerMessage(EventId = 2004, EventName = "SubmissionRefused", Level = LogLevel.Error,
        Message = "Hub refused {EnvelopeId}: {Error}")]
    public static partial void SubmissionRefused(ILogger logger, string envelopeId, string error);

    [LoggerMessage(EventId = 2010, EventName = "LetterReceived", Level = LogLevel.Information,
        Message = "Received {EnvelopeId} for {Recipient} from {Sender}, {Bytes} bytes of attachments")]
    public static partial void LetterReceived(ILogger logger, string envelopeId, string recipient, string sender, long bytes);

    [LoggerMessage(EventId = 2011, EventName = "RedeliveryAnswered", Level = LogLevel.Information,
        Message = "Redelivery of {EnvelopeId} for {Recipient} answered with the original receipt")]
    public static partial void RedeliveryAnswered(ILogger logger, string envelopeId, string recipient);

    [LoggerMessage(EventId = 2020, EventName = "StatusQueued", Level = LogLevel.Information,
        Message = "Status {StatusCode} for {EnvelopeId} queued by {Agency}")]
    public static partial void StatusQueued(ILogger logger, string statusCode, string envelopeId, string agency);

    [LoggerMessage(EventId = 2021, EventName = "StatusRelayed", Level = LogLevel.Information,
        Message = "Hub recorded status {StatusCode} for {EnvelopeId}")]
    public static partial void StatusRelayed(ILogger logger, string statusCode, string envelopeId);

    [LoggerMessage(EventId = 2022, EventName = "StatusRetry", Level = LogLevel.Warning,
        Message = "Relaying status {StatusCode} for {EnvelopeId} failed, retrying at {NextAt}: {Error}")]
    public static partial void StatusRetry(ILogger logger, string statusCode, string envelopeId, DateTimeOffset nextAt, string error);

    [LoggerMessage(EventId = 2023, EventName = "StatusRefused", Level = LogLevel.Error,
        Message = "Hub refused status {StatusCode} for {EnvelopeId}: {Error}")]
    public static partial void StatusRefused(ILogger logger, string statusCode, string envelopeId, string error);

    [LoggerMessage(EventId = 2030, EventName = "OutboxCrashed", Level = LogLevel.Error,
        Message = "The outbox sender failed unexpectedly; it continues at the next poll")]
    public static partial void OutboxCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2040, EventName = "ResendRequested", Level = LogLevel.Information,
        Message = "The hub re-queued {EnvelopeId} of {Agency} to {Recipients}")]
    public static partial void ResendRequested(ILogger logger, string envelopeId, string agency, string recipients);

    [LoggerMessage(EventId = 2050, EventName = "DirectoryFetched", Level = LogLevel.Information,
        Message = "Fetched the hub's directory: {Agencies} agencies")]
    public static partial void DirectoryFetched(ILogger logger, int agencies);

    [LoggerMessage(EventId = 2051, EventName = "DirectoryUnreachable", Level = LogLevel.Warning,
        Message = "Could not fetch the hub's directory; using the last copy if there is one: {Error}")]
    public static partial void DirectoryUnreachable(ILogger logger, string error);

    [LoggerMessage(EventId = 2060, EventName = "PackageImported", Level = LogLevel.Information,
        Message = "edXML package from {Agency} imported as {EnvelopeId}; its XMLDSig: {Verdict}")]
    public static partial void PackageImported(ILogger logger, string agency, string envelopeId, string verdict);

    [LoggerMessage(EventId = 2070, EventName = "EventsNotFollowed", Level = LogLevel.Warning,
        Message = "Could not read the hub's timeline of {Agency}'s letters; asking again at each poll: {Error}")]
    public static partial void EventsNotFollowed(ILogger logger, string agency, string error);

    [LoggerMessage(EventId = 2071, EventName = "EventsFollowedAgain", Level = LogLevel.Information,
        Message = "Reading the hub's timeline of {Agency}'s letters again")]
    public static partial void EventsFollowedAgain(ILogger logger, string agency);

    [LoggerMessage(EventId = 2080, EventName = "AgencyListReloaded", Level = LogLevel.Information,
        Message = "Agency list changed: {Added} added, {Removed} removed, {Hosted} hosted (added {AddedCodes}; removed {RemovedCodes})")]
    public static partial void AgencyListReloaded(ILogger logger, int added, int removed, int hosted, string addedCodes, string removedCodes);

    [LoggerMessage(EventId = 2081, EventName = "AgencyListRefused", Level = LogLevel.Error,
        Message = "Agency list {Path} refused, still serving the last good one: {Reason}")]
    public static partial void AgencyListRefused(ILogger logger, string path, string reason);
}
