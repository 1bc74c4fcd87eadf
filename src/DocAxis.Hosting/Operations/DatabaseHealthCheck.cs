using DocAxis.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocAxis.Hosting.Operations;

/// <summary>A host is serving only while its database answers: a load balancer then sends calls elsewhere.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            await database.PingAsync(timeout.Token);
            return HealthCheckResult.Healthy($"{database.Location} answers");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException or TimeoutException or IOException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"{database.Location} does not answer: {e.Message}", e);
        }
    }
}
