using Dapper;
using DocAxis.Core.Deliveries;
using DocAxis.Storage.Hub;

namespace DocAxis.Storage.Tests;

/// <summary>What the operators' console reads, on every provider: the failed deliveries and the instances' heartbeats.</summary>
public abstract partial class HubStoreBehaviour
{
    [TestMethod]
    public async Task FailedDeliveriesAreListedNewestFailureFirstFilteredAndPaged()
    {
        for (var i = 0; i < 3; i++)
        {
            var id = $"0b6f4c1e-2d3a-4f5b-8c7d-00000000090{i}";
            await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H41", "000.00.00.H29"]));
            await _store.Deliveries.RecordFailedAsync(new DeliveryKey(id, "000.00.00.H41"), 7, $"gave up {i}", Now.AddMinutes(i));
            await _store.Deliveries.RecordDeliveredAsync(new DeliveryKey(id, "000.00.00.H29"), 1, [1], [2], Now.AddSeconds(1));
        }

        var all = await _store.Failed.ListAsync(new FailedQuery(null, null, 0, 10));
        CollectionAssert.AreEqual(
            new[] { "0b6f4c1e-2d3a-4f5b-8c7d-000000000902", "0b6f4c1e-2d3a-4f5b-8c7d-000000000901", "0b6f4c1e-2d3a-4f5b-8c7d-000000000900" },
            all.Select(f => f.EnvelopeId).ToArray(), "newest failure first; the delivered ones are not listed");
        Assert.AreEqual("gave up 2", all[0].LastError);
        Assert.AreEqual(7L, all[0].Attempts);
        Assert.AreEqual(Epoch.ToMs(Now.AddMinutes(2)), all[0].FailedAt);
        Assert.IsFalse(string.IsNullOrEmpty(all[0].SenderCode));
        Assert.IsFalse(string.IsNullOrEmpty(all[0].Subject));

        var second = await _store.Failed.ListAsync(new FailedQuery(null, "000.00.00.H41", 1, 1));
        Assert.AreEqual("0b6f4c1e-2d3a-4f5b-8c7d-000000000901", second.Single().EnvelopeId, "the second page of one");
        Assert.IsEmpty(await _store.Failed.ListAsync(new FailedQuery(null, "000.00.00.H29", 0, 10)), "no failure to H29");
        Assert.IsEmpty(await _store.Failed.ListAsync(new FailedQuery("000.00.00.X99", null, 0, 10)), "no letter from X99");
        Assert.HasCount(3, await _store.Failed.ListAsync(new FailedQuery(all[0].SenderCode, null, 0, 10)));
    }

    [TestMethod]
    public async Task InstancesBeatStopAndAreListedWithTheDeliveriesTheyLease()
    {
        await _store.Instances.BeatAsync("hub-a", "may-1", 101, "1.0.0", Now, Now);
        await _store.Instances.BeatAsync("hub-b", "may-2", 202, "1.0.0", Now.AddSeconds(5), Now.AddSeconds(5));
        await _store.Instances.BeatAsync("hub-a", "may-1", 101, "1.0.0", Now, Now.AddSeconds(10));
        await _store.Instances.StoppedAsync("hub-b", Now.AddSeconds(12));
        await _store.Letters.AcceptAsync(Letter("0b6f4c1e-2d3a-4f5b-8c7d-000000000950", ["000.00.00.H41", "000.00.00.H29"]));
        Assert.HasCount(2, await _store.Deliveries.LeaseDueAsync("hub-a", Now.AddSeconds(11), Now.AddMinutes(2), 10));

        var instances = await _store.Instances.ListAsync(Now.AddSeconds(-1), Now.AddSeconds(13));
        CollectionAssert.AreEqual(new[] { "hub-b", "hub-a" }, instances.Select(i => i.InstanceId).ToArray(), "the most recently started first");
        Assert.AreEqual(Epoch.ToMs(Now.AddSeconds(12)), instances[0].StoppedAt);
        Assert.AreEqual(0L, instances[0].Leases);
        Assert.IsNull(instances[1].StoppedAt);
        Assert.AreEqual(Epoch.ToMs(Now.AddSeconds(10)), instances[1].SeenAt);
        Assert.AreEqual(Epoch.ToMs(Now), instances[1].StartedAt);
        Assert.AreEqual(2L, instances[1].Leases);
        Assert.AreEqual("may-1", instances[1].Host);
        Assert.IsEmpty(await _store.Instances.ListAsync(Now.AddMinutes(1), Now.AddMinutes(1)), "long silent instances are history");
        Assert.AreEqual(1, await _store.Instances.ForgetAsync(Now.AddSeconds(11)), "the one last seen before is forgotten");
        CollectionAssert.AreEqual(new[] { "hub-b" }, (await _store.Instances.ListAsync(Now.AddDays(-1), Now.AddSeconds(13))).Select(i => i.InstanceId).ToArray());
    }

    [TestMethod]
    public async Task ALettersTimelineIsReadAsOfOneMomentWhileStatusesCommit()
    {
        if (_database.Provider == StorageProvider.SqlServer)
        {
            // Serializable there: the writer would wait for this very read to end.
            Assert.Inconclusive("SQL Server keeps a consistent read by locking, not by a snapshot.");
        }

        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000960";
        await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H41"]));
        var seen = await _database.ReadConsistentAsync(async (connection, transaction) =>
        {
            var before = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_events", transaction: transaction);
            Assert.IsTrue(await _store.Deliveries.RecordDeliveredAsync(new DeliveryKey(id, "000.00.00.H41"), 1, [1], [2], Now.AddSeconds(1)), "another connection commits meanwhile");
            var after = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_events", transaction: transaction);
            var state = await connection.ExecuteScalarAsync<string>("SELECT state FROM deliveries WHERE envelope_id = @id", new { id }, transaction);
            return (before, after, state);
        });

        Assert.AreEqual(seen.before, seen.after, "the timeline did not grow under the reader");
        Assert.AreEqual("Pending", seen.state, "nor did the delivery change under it");
        var now = await _store.Deliveries.ReadTimelineAsync(id);
        Assert.AreEqual("Delivered", now.Deliveries.Single().State);
        Assert.HasCount((int)seen.after + 1, now.Events, "a later read sees the commit");
    }
}
