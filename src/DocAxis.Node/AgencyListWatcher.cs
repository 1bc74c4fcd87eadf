using DocAxis.Node.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node;

/// <summary>
/// Looks at the platform's agency list every few seconds and swaps in a changed one once it has
/// stopped changing, so that agencies are added and removed without a restart. A list that is not valid is refused whole:
/// the node keeps the last good one, logs the entry at fault and reports itself degraded.
/// </summary>
internal sealed class AgencyListWatcher(HostedAgencies agencies, NodeOptions options, TimeProvider time, ILogger<AgencyListWatcher> logger)
    : BackgroundService, IHealthCheck
{
    private (DateTime Written, long Length)? _taken;

    private (DateTime Written, long Length)? _changing;

    private volatile string? _refused;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _taken = Stamp(agencies.ListFile!);
        using var timer = new PeriodicTimer(options.Platform.AgenciesFileCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var stamp = Stamp(agencies.ListFile!);
            if (stamp == _taken)
            {
                continue;
            }

            // Taken once it has stood still for one interval: an editor writing in place may be half done.
            if (stamp != _changing)
            {
                _changing = stamp;
                continue;
            }

            _taken = stamp;
            try
            {
                var change = agencies.Reload();
                _refused = null;
                NodeLog.AgencyListReloaded(logger, change.Added.Count, change.Removed.Count, change.Hosted,
                    string.Join(", ", change.Added.Take(10)), string.Join(", ", change.Removed.Take(10)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                _refused = e.Message;
                NodeLog.AgencyListRefused(logger, agencies.ListFile!, e.Message);
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_refused is { } why
            ? HealthCheckResult.Degraded($"the agency list was refused, still serving the last good one: {why}")
            : HealthCheckResult.Healthy($"{agencies.All.Count} agencies hosted"));

    private static (DateTime, long)? Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
    }
}
