using Microsoft.Extensions.Logging;

namespace DocAxis.Hub;

/// <summary>The hub's log events, with stable ids for operators' alerting.</summary>
internal static partial class HubLog
{
    [LoggerMessage(EventId = 1000, EventName = "HubStarted", Level = LogLevel.Information,
        Message = "Hub {HubId} listening on {Listen}, database {Database}")]
    public static partial void HubStarted(ILogger logger, string hubId, string listen, string database);

    [LoggerMessage(EventId = 1001, EventName = "LetterAccepted", Level = LogLevel.Information,
        Message = "Accepted {EnvelopeId} from {Sender} to {RecipientCount} recipients, {Bytes} bytes of attachments")]
    public static partial void LetterAccepted(ILogger logger, string envelopeId, string sender, int recipientCount, long bytes);

    [LoggerMessage(EventId = 1002, EventName = "ResubmissionAnswered", Level = LogLevel.Information,
        Message = "Resubmission of {EnvelopeId} by {Sender} answered with the original receipt")]
    public static partial void ResubmissionAnswered(ILogger logger, string envelopeId, string sender);

    [LoggerMessage(EventId = 1010, EventName = "Delivered", Level = LogLevel.Information,
        Message = "Delivered {EnvelopeId} to {Recipient} on attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string envelopeId, string recipient, int attempt);

    [LoggerMessage(EventId = 1011, EventName = "DeliveryAttemptFailed", Level = LogLevel.Warning,
        Message = "Attempt {Attempt} to deliver {EnvelopeId} to {Recipient} failed, next at {NextAttemptAt}: {Error}")]
    public static partial void DeliveryAttemptFailed(ILogger logger, int attempt, string envelopeId, string recipient, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(EventId = 1012, EventName = "DeliveryFailed", Level = LogLevel.Error,
        Message = "Gave up delivering {EnvelopeId} to {Recipient} after {Attempt} attempts: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, string envelopeId, string recipient, int attempt, string error);

    [LoggerMessage(EventId = 1013, EventName = "DeliveryCrashed", Level = LogLevel.Error,
        Message = "Delivering {EnvelopeId} to {Recipient} failed unexpectedly; it stays pending")]
    public static partial void DeliveryCrashed(ILogger logger, Exception exception, string envelopeId, string recipient);

    [LoggerMessage(EventId = 1014, EventName = "DeliveryRequeued", Level = LogLevel.Information,
        Message = "{Requester} re-queued {EnvelopeId} to {Recipient}: {Reason}")]
    public static partial void DeliveryRequeued(ILogger logger, string requester, string envelopeId, string recipient, string reason);

    [LoggerMessage(EventId = 1020, EventName = "StatusRecorded", Level = LogLevel.Information,
        Message = "Status {StatusCode} for {EnvelopeId} recorded from {Recipient}")]
    public static partial void StatusRecorded(ILogger logger, string statusCode, string envelopeId, string recipient);

    [LoggerMessage(EventId = 1030, EventName = "AgencyChanged", Level = LogLevel.Information,
        Message = "Directory: {Operator} set {Agency} (enabled: {Enabled}, node: {Endpoint})")]
    public static partial void AgencyChanged(ILogger logger, string @operator, string agency, bool enabled, string? endpoint);

    [LoggerMessage(EventId = 1040, EventName = "RetryJobClaimed", Level = LogLevel.Debug,
        Message = "Retry job claimed {Count} due deliveries")]
    public static partial void RetryJobClaimed(ILogger logger, int count);

    [LoggerMessage(EventId = 1050, EventName = "LetterForwardedHere", Level = LogLevel.Information,
        Message = "Accepted {EnvelopeId} forwarded by hub {PeerHub} for {RecipientCount} recipients")]
    public static partial void LetterForwardedHere(ILogger logger, string envelopeId, string peerHub, int recipientCount);

    [LoggerMessage(EventId = 1051, EventName = "ForwardAnswered", Level = LogLevel.Information,
        Message = "Forward of {EnvelopeId} by hub {PeerHub} answered: the letter is held here already")]
    public static partial void ForwardAnswered(ILogger logger, string envelopeId, string peerHub);

    [LoggerMessage(EventId = 1052, EventName = "Forwarded", Level = LogLevel.Information,
        Message = "Forwarded {EnvelopeId} for {Recipient} to hub {PeerHub} on attempt {Attempt}")]
    public static partial void Forwarded(ILogger logger, string envelopeId, string recipient, string peerHub, int attempt);

    [LoggerMessage(EventId = 1053, EventName = "RelayNotFollowed", Level = LogLevel.Warning,
        Message = "Cannot follow the letters forwarded to hub {PeerHub}: {Error}")]
    public static partial void RelayNotFollowed(ILogger logger, string peerHub, string error);

    [LoggerMessage(EventId = 1054, EventName = "RelayFollowedAgain", Level = LogLevel.Information,
        Message = "Following the letters forwarded to hub {PeerHub} again")]
    public static partial void RelayFollowedAgain(ILogger logger, string peerHub);

    [LoggerMessage(EventId = 1055, EventName = "RelayedEventRefused", Level = LogLevel.Error,
        Message = "Hub {PeerHub} reported {Kind} of {EnvelopeId} for {Recipient}, which cannot be applied here: {Error}")]
    public static partial void RelayedEventRefused(ILogger logger, string peerHub, string kind, string envelopeId, string recipient, string error);

    [LoggerMessage(EventId = 1031, EventName = "PeerHubChanged", Level = LogLevel.Information,
        Message = "Peer hubs: {Operator} set {PeerHub} (enabled: {Enabled}, endpoint: {Endpoint})")]
    public static partial void PeerHubChanged(ILogger logger, string @operator, string peerHub, bool enabled, string endpoint);

    [LoggerMessage(EventId = 1056, EventName = "DirectoryCopied", Level = LogLevel.Information,
        Message = "Copied {Count} directory entries from hub {PeerHub}, now at its version {Version}")]
    public static partial void DirectoryCopied(ILogger logger, int count, string peerHub, long version);

    [LoggerMessage(EventId = 1057, EventName = "DirectoryCopyExpired", Level = LogLevel.Error,
        Message = "The copy of hub {PeerHub}'s directory expired at {ExpiresAt} (version {Version}); routing continues on it, but it cannot be refreshed: {Error}")]
    public static partial void DirectoryCopyExpired(ILogger logger, string peerHub, DateTimeOffset? expiresAt, long version, string error);

    [LoggerMessage(EventId = 1058, EventName = "DirectoryEntrySkipped", Level = LogLevel.Warning,
        Message = "Directory entry {Agency} from hub {PeerHub} not copied: {Error}")]
    public static partial void DirectoryEntrySkipped(ILogger logger, string agency, string peerHub, string error);
}
