using DocAxis.Storage;
using DocAxis.Storage.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hosting.Audit;

/// <summary>Drains the audit queue into the database in batches; on shutdown it writes what is left.</summary>
internal sealed partial class AuditWriter(AuditTrail trail, IAuditLog store, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private const int MaxWriteAttempts = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditRecord>(BatchSize);
        try
        {
            while (await trail.Reader.WaitToReadAsync(stoppingToken))
            {
                await DrainAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        trail.Complete();
        await DrainAsync(batch);
    }

    private async Task DrainAsync(List<AuditRecord> batch)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && trail.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            if (batch.Count == 0)
            {
                return;
            }

            await WriteAsync(batch);
        }
    }

    /// <summary>Retries a failing write a few times (a database restarting, a full disk being cleared).</summary>
    private async Task WriteAsync(List<AuditRecord> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.AppendAuditAsync(batch);
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                if (attempt == MaxWriteAttempts)
                {
                    LogWriteFailed(logger, e, batch.Count);
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    [LoggerMessage(EventId = 1051, EventName = "AuditWriteFailed", Level = LogLevel.Error,
        Message = "Writing {Count} audit entries failed after retries; they are lost")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
