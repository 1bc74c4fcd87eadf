using System.Threading.Channels;
using DocAxis.Hub.Options;
using DocAxis.Storage.Hub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Delivery;

/// <summary>
/// Runs delivery attempts on a bounded number of workers. Work arrives leased: with a letter's
/// acceptance (its first push, leased in the acceptance's own commit), right after a failed delivery
/// is re-queued, and from the retry job (due deliveries). A lease reserves a delivery
/// for this instance, so with several hubs on one database each attempt is made by one of them.
/// </summary>
internal sealed class DeliveryDispatcher(
    HubStore store, DeliveryAttempt attempt, HubOptions options, TimeProvider time, ILogger<DeliveryDispatcher> logger)
    : BackgroundService
{
    private readonly Channel<DeliveryKey> _queue = Channel.CreateUnbounded<DeliveryKey>();
    private volatile bool _stopping;

    /// <summary>Who holds this instance's leases: unique per process, readable in the database.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The lease a letter about to be accepted gives its deliveries; null while the hub stops.</summary>
    public DeliveryLease? LeaseForNewLetter() =>
        _stopping ? null : new DeliveryLease(InstanceId, time.GetUtcNow() + options.Delivery.LeaseDuration);

    /// <summary>Queues the deliveries of a just-accepted letter, leased by <see cref="LeaseForNewLetter"/>.</summary>
    public async Task DispatchAcceptedAsync(string envelopeId, IReadOnlyList<string> recipients)
    {
        foreach (var recipient in recipients)
        {
            if (_stopping || !_queue.Writer.TryWrite(new DeliveryKey(envelopeId, recipient)))
            {
                // The hub began to stop after the lease was taken: a letter accepted while the hub
                // stops is left unleased, for whichever instance runs next.
                await store.Deliveries.ReleaseLeasesAsync(envelopeId, InstanceId);
                return;
            }
        }
    }

    /// <summary>Leases and queues deliveries that should not wait for the retry job: those just re-queued.</summary>
    public async Task DispatchAsync(IReadOnlyList<DeliveryKey> keys)
    {
        if (_stopping)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var key in keys)
        {
            // Not leased: another instance holds it, and pushes it.
            if (await store.Deliveries.LeaseDeliveryAsync(key, InstanceId, now, now + options.Delivery.LeaseDuration))
            {
                _queue.Writer.TryWrite(key);
            }
        }
    }

    /// <summary>Leases and queues a batch of due deliveries; returns how many.</summary>
    public async Task<int> DispatchDueAsync()
    {
        var now = time.GetUtcNow();
        var keys = await store.Deliveries.LeaseDueAsync(InstanceId, now, now + options.Delivery.LeaseDuration, options.Delivery.BatchSize);
        Enqueue(keys);
        return keys.Count;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Delivery.MaxParallel).Select(_ => WorkAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await base.StopAsync(cancellationToken);
        _queue.Writer.TryComplete();
        // Hand back what this instance will not attempt, so nobody waits for the leases to expire.
        await store.Deliveries.ReleaseLeasesAsync(InstanceId);
    }

    private void Enqueue(IEnumerable<DeliveryKey> keys)
    {
        foreach (var key in keys)
        {
            _queue.Writer.TryWrite(key);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var key in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await attempt.RunAsync(key, InstanceId, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The delivery stays pending and leased until the lease runs out; then it is retried.
                    HubLog.DeliveryCrashed(logger, e, key.EnvelopeId, key.RecipientCode);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
