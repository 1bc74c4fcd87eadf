using DocAxis.Storage.Hub;
using Microsoft.Extensions.Hosting;

namespace DocAxis.Hub.Telemetry;

/// <summary>
/// Pending and failed deliveries, counted in the database every half minute off the request path:
/// a metrics export must never wait on (or load) the store.
/// </summary>
public sealed class DeliveryCounts(HubStore store, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    public long Pending { get; private set; }

    public long Failed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                (Pending, Failed) = await store.Deliveries.CountUnfinishedDeliveriesAsync();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                // The database is away; the gauges keep their last values and the health check says why.
            }

            try
            {
                await Task.Delay(Every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
