using Dapper;

namespace DocAxis.Storage.Hub;

/// <summary>One hub process sharing the database, as its heartbeat last told.</summary>
public sealed class HubInstance
{
    public string InstanceId { get; init; } = "";
    public string Host { get; init; } = "";
    public long ProcessId { get; init; }
    public string Version { get; init; } = "";
    public long StartedAt { get; init; }
    public long SeenAt { get; init; }
    public long? StoppedAt { get; init; }

    /// <summary>How many deliveries this instance holds a lease on right now.</summary>
    public long Leases { get; init; }
}

/// <summary>The hub instances' heartbeats: each instance says it is alive, and says so when it stops.</summary>
public sealed class HubInstances(Database database) : HubStorePart(database)
{
    public Task BeatAsync(string instanceId, string host, long processId, string version, DateTimeOffset startedAt, DateTimeOffset now) =>
        Database.WriteAsync(async connection =>
        {
            var seen = new { instanceId, host, processId, version, startedAt = Epoch.ToMs(startedAt), now = Epoch.ToMs(now) };
            if (await connection.ExecuteAsync("UPDATE hub_instances SET seen_at = @now, stopped_at = NULL WHERE instance_id = @instanceId", seen) == 0)
            {
                await connection.ExecuteAsync("""
                    INSERT INTO hub_instances (instance_id, host, process_id, version, started_at, seen_at)
                    VALUES (@instanceId, @host, @processId, @version, @startedAt, @now)
                    """, seen);
            }

            return 0;
        });

    public Task StoppedAsync(string instanceId, DateTimeOffset at) =>
        Database.WriteAsync(connection => connection.ExecuteAsync(
            "UPDATE hub_instances SET stopped_at = @at, seen_at = @at WHERE instance_id = @instanceId", new { instanceId, at = Epoch.ToMs(at) }));

    /// <summary>Forgets the instances last seen before <paramref name="before"/> (each process start leaves a row); returns how many.</summary>
    public Task<int> ForgetAsync(DateTimeOffset before) =>
        Database.WriteAsync(connection => connection.ExecuteAsync("DELETE FROM hub_instances WHERE seen_at < @before", new { before = Epoch.ToMs(before) }));

    /// <summary>The instances seen since <paramref name="since"/>, most recently started first, with their leases.</summary>
    public async Task<IReadOnlyList<HubInstance>> ListAsync(DateTimeOffset since, DateTimeOffset now)
    {
        await using var connection = await Database.OpenAsync();
        return [.. await connection.QueryAsync<HubInstance>("""
            SELECT i.instance_id, i.host, i.process_id, i.version, i.started_at, i.seen_at, i.stopped_at,
                (SELECT COUNT(*) FROM deliveries d WHERE d.lease_owner = i.instance_id AND d.lease_until > @now) AS leases
            FROM hub_instances i
            WHERE i.seen_at >= @since
            ORDER BY i.started_at DESC
            """, new { since = Epoch.ToMs(since), now = Epoch.ToMs(now) })];
    }
}
