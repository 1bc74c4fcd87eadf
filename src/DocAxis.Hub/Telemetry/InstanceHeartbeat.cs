using System.Reflection;
using DocAxis.Hub.Delivery;
using DocAxis.Storage.Hub;
using Microsoft.Extensions.Hosting;

namespace DocAxis.Hub.Telemetry;

/// <summary>
/// This hub process tells the shared database it is alive every <see cref="Interval"/>, under the
/// same identity as its delivery leases, and that it stopped when it does: the operators' console
/// shows every instance, its leases and whether it has gone quiet.
/// </summary>
public sealed class InstanceHeartbeat : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Missing this many beats, an instance is shown as not answering.</summary>
    public const int MissedBeats = 3;

    /// <summary>Instances silent this long are forgotten when an instance starts.</summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromDays(30);

    private readonly HubStore _store;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;

    // Internal: the identity is the dispatcher's, which leases deliveries under it.
    internal InstanceHeartbeat(HubStore store, DeliveryDispatcher dispatcher, TimeProvider time) =>
        (_store, InstanceId, _time, _startedAt) = (store, dispatcher.InstanceId, time, time.GetUtcNow());

    public string InstanceId { get; }

    public static string Version { get; } =
        typeof(InstanceHeartbeat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Whether an instance last seen at <paramref name="seenAt"/> still counts as answering at <paramref name="now"/>.</summary>
    public static bool Answering(DateTimeOffset seenAt, DateTimeOffset now) => now - seenAt <= Interval * MissedBeats;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _store.Instances.ForgetAsync(_startedAt - Remembered);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            // Kept until the next start: the page shows only the last day anyway.
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _store.Instances.BeatAsync(InstanceId, Environment.MachineName, Environment.ProcessId, Version, _startedAt, _time.GetUtcNow());
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                // The database is away; the health check says why, and the next beat tries again.
            }

            try
            {
                await Task.Delay(Interval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await _store.Instances.StoppedAsync(InstanceId, _time.GetUtcNow());
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            // Stopping with the database away: the console will show the instance as not answering.
        }
    }
}
