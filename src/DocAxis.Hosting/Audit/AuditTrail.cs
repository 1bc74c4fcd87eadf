using System.Threading.Channels;
using DocAxis.Storage;
using DocAxis.Storage.Audit;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hosting.Audit;

/// <summary>
/// Where a hub or node notes what happened. Recording never waits: entries go to a queue that
/// <see cref="AuditWriter"/> drains in batches, so a slow disk or a busy database cannot stall the
/// exchange (the complaint about peers whose timestamping outage stopped all traffic).
/// </summary>
public sealed partial class AuditTrail(TimeProvider time, ILogger<AuditTrail> logger)
{
    /// <summary>Far more than a busy host produces between two writes; past it, entries are counted and dropped.</summary>
    private const int Capacity = 100_000;

    private readonly Channel<AuditRecord> _queue = Channel.CreateBounded<AuditRecord>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<AuditRecord> Reader => _queue.Reader;

    public void Record(string actor, string action, string outcome, string? envelopeId = null, string? reason = null, string? detail = null)
    {
        if (!_queue.Writer.TryWrite(new AuditRecord(time.GetUtcNow(), actor, action, outcome, envelopeId, reason, detail)))
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(logger, action, outcome);
        }
    }

    internal void Complete() => _queue.Writer.TryComplete();

    [LoggerMessage(EventId = 1050, EventName = "AuditDropped", Level = LogLevel.Error,
        Message = "The audit queue is full; an entry {Action} {Outcome} was dropped")]
    private static partial void LogDropped(ILogger logger, string action, string outcome);
}
