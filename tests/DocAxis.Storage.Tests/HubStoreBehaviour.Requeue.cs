using Dapper;
using DocAxis.Core.Deliveries;
using DocAxis.Storage.Hub;
using DocAxis.Testing;

namespace DocAxis.Storage.Tests;

/// <summary>Failed is not the end: re-queueing a failed delivery, on every provider.</summary>
public abstract partial class HubStoreBehaviour
{
    [TestMethod]
    public async Task OnlyAFailedDeliveryIsRequeuedAndItStartsAfreshWithTheRequeueInItsTimeline()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000700";
        await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H41", "000.00.00.H29", "000.00.00.H30"]));
        var failed = new DeliveryKey(id, "000.00.00.H41");
        var delivered = new DeliveryKey(id, "000.00.00.H29");
        var pending = new DeliveryKey(id, "000.00.00.H30");
        await _store.Deliveries.RecordAttemptFailedAsync(failed, 1, "unreachable", Now.AddSeconds(1), Now.AddSeconds(10));
        await _store.Deliveries.RecordFailedAsync(failed, 7, "gave up", Now.AddDays(3));
        await _store.Deliveries.RecordDeliveredAsync(delivered, 1, [1], [2], Now.AddSeconds(1));
        var at = Now.AddDays(4);

        Assert.IsFalse(await _store.Deliveries.RequeueAsync(delivered, "docaxis-operator", "thử lại", at), "a delivered letter is not sent again");
        Assert.IsFalse(await _store.Deliveries.RequeueAsync(pending, "docaxis-operator", "thử lại", at), "a pending delivery is still being tried");
        Assert.IsTrue(await _store.Deliveries.RequeueAsync(failed, "docaxis-operator", "Nút nhận đã hoạt động lại", at));
        Assert.IsFalse(await _store.Deliveries.RequeueAsync(failed, "000.00.00.G22", "lần nữa", at.AddSeconds(1)), "once re-queued it is pending, not failed");

        var requeued = (await _store.Deliveries.GetDeliveryAsync(failed))!;
        Assert.AreEqual(DeliveryState.Pending, requeued.DeliveryState);
        Assert.AreEqual(0L, requeued.Attempts);
        Assert.AreEqual(Epoch.ToMs(at), requeued.NextAttemptAt);
        Assert.AreEqual(Epoch.ToMs(at), requeued.RequeuedAt);
        Assert.IsNull(requeued.LastError);
        Assert.IsNull(requeued.FailedAt);
        Assert.AreEqual(DeliveryState.Delivered, (await _store.Deliveries.GetDeliveryAsync(delivered))!.DeliveryState, "the other recipients are untouched");
        var timeline = (await _store.Deliveries.GetEventsAsync(id)).Where(e => e.RecipientCode == failed.RecipientCode).ToList();
        CollectionAssert.AreEqual(new[] { "Accepted", "AttemptFailed", "Failed", "Requeued" }, timeline.Select(e => e.Kind).ToArray());
        Assert.AreEqual("Re-queued by docaxis-operator: Nút nhận đã hoạt động lại", timeline[^1].Detail);
        Assert.AreEqual(Epoch.ToMs(at), timeline[^1].At);
        Assert.Contains(failed, await _store.Deliveries.LeaseDueAsync("a", at, at.AddMinutes(2), 10), "it is due at once");
    }

    [TestMethod]
    public async Task TheGiveUpAgeOfARequeuedDeliveryCountsFromTheRequeue()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000800";
        await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H41", "000.00.00.H29"]));
        var key = new DeliveryKey(id, "000.00.00.H41");
        await _store.Deliveries.RecordFailedAsync(key, 9, "gave up", Now.AddDays(3));
        var requeuedAt = Now.AddDays(10);
        await _store.Deliveries.RequeueAsync(key, "docaxis-operator", "thử lại", requeuedAt);
        var policy = new RetryPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30), 2, 0.2, TimeSpan.FromDays(3));

        var delivery = (await _store.Deliveries.GetDeliveryAsync(key))!;
        Assert.AreEqual(Epoch.ToMs(requeuedAt), delivery.RetryingSince);
        var firstFailure = policy.AfterFailure(Epoch.FromMs(delivery.RetryingSince), 1, requeuedAt.AddMinutes(1), 0.5);
        Assert.IsTrue(firstFailure.ShouldRetry, "ten days after acceptance, but a minute after the re-queue");
        Assert.IsFalse(policy.AfterFailure(Epoch.FromMs(delivery.RetryingSince), 30, requeuedAt.AddDays(3), 0.5).ShouldRetry);
        Assert.AreEqual(Epoch.ToMs(Now), (await _store.Deliveries.GetDeliveryAsync(new DeliveryKey(id, "000.00.00.H29")))!.RetryingSince, "never re-queued: from acceptance");
    }

    [TestMethod]
    public async Task AHubUpgradedToRequeueingKeepsEveryEarlierEventWithItsId()
    {
        var older = await CreateDatabaseAsync();
        try
        {
            await MigrateBeforeRequeueingAsync(older);
            const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000900";
            // Written in the old schema's own columns: today's statements know columns added later.
            var key = new DeliveryKey(id, "000.00.00.H41");
            await using (var connection = await older.OpenAsync())
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO envelopes (id, sender_code, subject, manifest, signature, manifest_sha256, acceptance, acceptance_signature, accepted_at)
                    VALUES (@Id, @SenderCode, @Subject, @Manifest, @Signature, @ManifestSha256, @Acceptance, @AcceptanceSignature, @AcceptedAt)
                    """,
                    Letter(id, [key.RecipientCode]).Envelope);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO deliveries (envelope_id, recipient_code, position, state, attempts, accepted_at, failed_at, last_error)
                    VALUES (@EnvelopeId, @RecipientCode, 0, 'Failed', 3, @At, @At, 'gave up')
                    """,
                    new { key.EnvelopeId, key.RecipientCode, At = Epoch.ToMs(Now) });
                foreach (var (recipient, kind) in new[] { ("000.00.00.H41", "Accepted"), ("000.00.00.H29", "Accepted"), ("000.00.00.H41", "Failed") })
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO delivery_events (envelope_id, recipient_code, kind, at) VALUES (@id, @recipient, @kind, @at)",
                        new { id, recipient, kind, at = Epoch.ToMs(Now) });
                }
            }

            var earlier = (await new HubStore(older).Deliveries.GetEventsAsync(id)).Select(e => (e.Id, e.Kind, e.RecipientCode)).ToList();
            Assert.HasCount(3, earlier);

            var upgraded = new HubStore(older);
            await upgraded.MigrateAsync(Now.AddDays(4));
            CollectionAssert.AreEqual(earlier, (await upgraded.Deliveries.GetEventsAsync(id)).Select(e => (e.Id, e.Kind, e.RecipientCode)).ToList());
            Assert.IsTrue(await upgraded.Deliveries.RequeueAsync(key, "docaxis-operator", "sau nâng cấp", Now.AddDays(4)));
            var requeued = (await upgraded.Deliveries.GetEventsAsync(id))[^1];
            Assert.AreEqual(DeliveryEventKind.Requeued, requeued.Kind);
            Assert.IsGreaterThan(earlier.Max(e => e.Id), requeued.Id, "new events never reuse an id");
        }
        finally
        {
            await TestDatabases.DropAsync(older);
        }
    }

    /// <summary>Brings a database to the schema a hub had before re-queueing existed, as that hub's own start-up would.</summary>
    private static async Task MigrateBeforeRequeueingAsync(Database database)
    {
        var migrations = Migrations.Load(database.Provider.ToString(), HubStore.Schema).ToList();
        var requeue = migrations.Single(m => m.Name.EndsWith("_requeue", StringComparison.Ordinal)).Version;
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE schema_version (version BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)");
        foreach (var (version, name, sql) in migrations.Where(m => m.Version < requeue))
        {
            foreach (var statement in Migrations.Statements(sql))
            {
                await connection.ExecuteAsync(statement);
            }

            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)", new { version, name, at = Now.ToString("O") });
        }
    }
}
