using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocAxis.Hub.Federation;

/// <summary>
/// The copies of peer hubs' directories this hub routes on, as last refreshed: a copy past its
/// expiry keeps being used, and is reported as an alarm by the health check, the
/// <c>docaxis.hub.directory.copies.expired</c> gauge and the log.
/// </summary>
public sealed class DirectoryCopies(TimeProvider time) : IHealthCheck
{
    private readonly ConcurrentDictionary<string, Copy> _copies = new();

    /// <summary>One peer's copy: its version, until when it may be trusted, why the last refresh failed, and whether its expiry was announced.</summary>
    public sealed record Copy(long Version, DateTimeOffset? ExpiresAt, string? LastError, bool ExpiryAnnounced = false);

    public IReadOnlyDictionary<string, Copy> All => _copies;

    /// <summary>How many copies are past their expiry now.</summary>
    public int Expired => _copies.Values.Count(IsExpired);

    public void Record(string hubId, Copy copy) => _copies[hubId] = copy;

    public void Forget(string hubId) => _copies.TryRemove(hubId, out _);

    public bool IsExpired(Copy copy) => copy.ExpiresAt is { } until && until < time.GetUtcNow();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var expired = _copies.Where(c => IsExpired(c.Value)).ToList();
        return Task.FromResult(expired.Count == 0
            ? HealthCheckResult.Healthy($"{_copies.Count} peer directory copies current")
            : HealthCheckResult.Degraded(string.Join("; ", expired.Select(c =>
                $"the copy of {c.Key}'s directory expired at {c.Value.ExpiresAt:u} (version {c.Value.Version}; still routing on it): {c.Value.LastError ?? "not refreshed"}"))));
    }
}
