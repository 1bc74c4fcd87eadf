using System.Security.Cryptography;
using Dapper;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Deliveries;
using DocAxis.Storage;
using DocAxis.Storage.Audit;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Hub;
using DocAxis.Testing;

namespace DocAxis.Storage.Tests;

/// <summary>
/// What the hub's store must do, written once and run against every provider (as Dapper's own
/// tests do): a concrete subclass per database supplies a fresh, empty database.
/// </summary>
public abstract partial class HubStoreBehaviour
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private Database _database = null!;
    private HubStore _store = null!;

    protected abstract Task<Database> CreateDatabaseAsync();

    [TestInitialize]
    public async Task CreateStore()
    {
        _database = await CreateDatabaseAsync();
        _store = new HubStore(_database);
        await _store.MigrateAsync(Now);
    }

    [TestCleanup]
    public Task DropStore() => TestDatabases.DropAsync(_database);

    [TestMethod]
    public async Task MigrationsAreRecordedOnceAndRunningThemAgainChangesNothing()
    {
        await _store.MigrateAsync(Now.AddDays(1));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => new HubStore(_database).MigrateAsync(Now.AddDays(2))));

        await using var connection = await _database.OpenAsync();
        var versions = (await connection.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version")).ToList();
        var embedded = Migrations.Load(_database.Provider.ToString(), HubStore.Schema).Select(m => m.Version).ToList();
        CollectionAssert.AreEqual(embedded, versions);
        Assert.IsTrue((await connection.QueryAsync<string>("SELECT applied_at FROM schema_version")).All(a => a.StartsWith("2026-11-24", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task AgenciesArePutUpdatedListedAndDisabled()
    {
        await _store.Directory.PutAgencyAsync(Agency("000.00.00.G22", GovernmentLevel.Central), Now);
        await _store.Directory.PutAgencyAsync(Agency("000.00.00.H41", GovernmentLevel.Province), Now);
        var updated = await _store.Directory.PutAgencyAsync(Agency("000.00.00.H41", GovernmentLevel.Province) with { Name = "UBND tỉnh Nghệ An", NodeEndpoint = new Uri("https://node.nghean.gov.vn:7501") }, Now.AddHours(1));

        Assert.AreEqual("UBND tỉnh Nghệ An", updated.Name);
        Assert.AreEqual(Now, updated.CreatedAt, "an update keeps the creation time");
        Assert.AreEqual(Now.AddHours(1), updated.UpdatedAt);
        Assert.HasCount(1, await _store.Directory.ListAgenciesAsync(GovernmentLevel.Province, includeDisabled: false));
        await _store.Directory.DisableAgencyAsync(AgencyCode.Parse("000.00.00.H41"), Now.AddHours(2));
        Assert.HasCount(1, await _store.Directory.ListAgenciesAsync(null, includeDisabled: false));
        Assert.HasCount(2, await _store.Directory.ListAgenciesAsync(null, includeDisabled: true));
    }

    [TestMethod]
    public async Task AcceptingALetterToAHundredRecipientsStoresItsAttachmentsOnceAndOneDeliveryEach()
    {
        var recipients = Enumerable.Range(1, 100).Select(i => $"000.00.{i % 100:D2}.H{i / 100 + 10:D2}").Distinct().ToList();
        Assert.HasCount(100, recipients);

        Assert.IsTrue(await _store.Letters.AcceptAsync(Letter("0b6f4c1e-2d3a-4f5b-8c7d-000000000100", recipients)));

        await using var connection = await _database.OpenAsync();
        Assert.AreEqual(2L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM attachments"));
        Assert.AreEqual(100L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE state = 'Pending'"));
        Assert.AreEqual(100L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_events WHERE kind = 'Accepted'"));
        var deliveries = await _store.Deliveries.GetDeliveriesAsync("0b6f4c1e-2d3a-4f5b-8c7d-000000000100");
        CollectionAssert.AreEqual(recipients, deliveries.Select(d => d.RecipientCode).ToList(), "in manifest order");
    }

    [TestMethod]
    public async Task ASecondLetterWithTheSameIdWritesNothing()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000200";
        Assert.IsTrue(await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H41"])));
        Assert.IsFalse(await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H29", "000.00.00.H30"], subject: "khác")));

        Assert.AreEqual("V/v thử nghiệm", (await _store.Letters.FindEnvelopeAsync(id))!.Subject);
        Assert.HasCount(1, await _store.Deliveries.GetDeliveriesAsync(id));
    }

    [TestMethod]
    public async Task SmallContentIsCommittedWithItsLetterStoredOnceAndReadBackThroughTheBlobStore()
    {
        var content = RandomNumberGenerator.GetBytes(16 * 1024);
        var kept = new InlineContent(Convert.ToHexStringLower(SHA256.HashData(content)), content);
        var refused = new InlineContent(new string('c', 64), [9, 9, 9]);

        Assert.IsTrue(await _store.Letters.AcceptAsync(Letter("0b6f4c1e-2d3a-4f5b-8c7d-000000000250", ["000.00.00.H41"]) with { InlineContent = [kept] }));
        Assert.IsTrue(await _store.Letters.AcceptAsync(Letter("0b6f4c1e-2d3a-4f5b-8c7d-000000000251", ["000.00.00.H29"]) with { InlineContent = [kept] }));
        Assert.IsFalse(await _store.Letters.AcceptAsync(Letter("0b6f4c1e-2d3a-4f5b-8c7d-000000000250", ["000.00.00.H41"]) with { InlineContent = [refused] }));

        await using (var connection = await _database.OpenAsync())
        {
            Assert.AreEqual(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM contents"), "the same content twice is one row; a refused letter's, none");
        }

        Assert.IsNull(await _store.FindContentAsync(refused.Sha256Hex, CancellationToken.None));
        CollectionAssert.AreEqual(content, (await ReadThroughBlobStoreAsync(kept)).SelectMany(p => p).ToArray());
    }

    [TestMethod]
    public async Task AnEmptyAttachmentIsKeptAndReadsBackAsNoBytes()
    {
        var empty = new InlineContent(Convert.ToHexStringLower(SHA256.HashData([])), []);
        Assert.IsTrue(await _store.Letters.AcceptAsync(Letter("0b6f4c1e-2d3a-4f5b-8c7d-000000000260", ["000.00.00.H41"]) with { InlineContent = [empty] }));

        CollectionAssert.AreEqual(Array.Empty<byte>(), await _store.FindContentAsync(empty.Sha256Hex, CancellationToken.None), "kept, and empty");
        Assert.IsEmpty(await ReadThroughBlobStoreAsync(empty), "no chunk is sent for it, as for an empty file");
    }

    [TestMethod]
    public async Task ConcurrentAcceptsOfOneIdStoreItOnce()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000300";
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H41"]));
            }
            catch (System.Data.Common.DbException)
            {
                // A losing writer may see the winner's key as a constraint violation; it wrote nothing either way.
                return false;
            }
        })));

        Assert.AreEqual(1, outcomes.Count(o => o));
        Assert.HasCount(1, await _store.Deliveries.GetDeliveriesAsync(id));
    }

    [TestMethod]
    public async Task DueDeliveriesAreLeasedToOneInstanceAtATime()
    {
        var recipients = Enumerable.Range(10, 60).Select(i => $"000.00.{i:D2}.H41").ToList();
        await _store.Letters.AcceptAsync(Letter("0b6f4c1e-2d3a-4f5b-8c7d-000000000400", recipients));

        var claims = await Task.WhenAll(new[] { "a", "b", "c" }.Select(owner => Task.Run(async () =>
        {
            var mine = new List<DeliveryKey>();
            while (true)
            {
                var batch = await _store.Deliveries.LeaseDueAsync(owner, Now.AddSeconds(1), Now.AddMinutes(2), 7);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch);
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.HasCount(60, all, "every due delivery was claimed");
        Assert.HasCount(60, all.Distinct().ToList(), "and none twice");
        Assert.IsEmpty(await _store.Deliveries.LeaseDueAsync("d", Now.AddSeconds(2), Now.AddMinutes(2), 10), "leases hold until they expire");
        Assert.HasCount(10, await _store.Deliveries.LeaseDueAsync("d", Now.AddMinutes(3), Now.AddMinutes(5), 10), "then they can be claimed again");
    }

    [TestMethod]
    public async Task ALetterAcceptedWithALeaseIsClaimedByThatInstanceAloneUntilReleased()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000450";
        var leased = Letter(id, ["000.00.00.H41", "000.00.00.H29"]) with { Lease = new DeliveryLease("a", Now.AddMinutes(2)) };
        await _store.Letters.AcceptAsync(leased);
        await _store.Letters.AcceptAsync(Letter("0b6f4c1e-2d3a-4f5b-8c7d-000000000451", ["000.00.00.H41"]));

        var deliveries = await _store.Deliveries.GetDeliveriesAsync(id);
        Assert.IsTrue(deliveries.All(d => d.LeaseOwner == "a" && d.LeaseUntil == Epoch.ToMs(Now.AddMinutes(2))), "both deliveries are leased in the acceptance's commit");
        var due = await _store.Deliveries.LeaseDueAsync("b", Now.AddSeconds(1), Now.AddMinutes(2), 10);
        CollectionAssert.AreEqual(new[] { "0b6f4c1e-2d3a-4f5b-8c7d-000000000451" }, due.Select(k => k.EnvelopeId).ToArray(), "another instance claims only the letter accepted without a lease");

        Assert.AreEqual(0, await _store.Deliveries.ReleaseLeasesAsync(id, "b"), "an instance releases only its own leases");
        Assert.AreEqual(2, await _store.Deliveries.ReleaseLeasesAsync(id, "a"));
        Assert.HasCount(2, await _store.Deliveries.LeaseDueAsync("b", Now.AddSeconds(2), Now.AddMinutes(2), 10), "released, the deliveries are due for anyone");
    }

    [TestMethod]
    public async Task DeliveriesMoveOnlyFromPendingAndEveryMoveIsInTheTimeline()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000500";
        await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H41", "000.00.00.H29"]));
        var first = new DeliveryKey(id, "000.00.00.H41");
        var second = new DeliveryKey(id, "000.00.00.H29");

        Assert.IsTrue(await _store.Deliveries.RecordAttemptFailedAsync(first, 1, "unreachable", Now.AddSeconds(1), Now.AddSeconds(10)));
        Assert.IsTrue(await _store.Deliveries.RecordDeliveredAsync(first, 2, [1, 2, 3], [4, 5], Now.AddSeconds(10)));
        Assert.IsFalse(await _store.Deliveries.RecordDeliveredAsync(first, 3, [1], [2], Now.AddSeconds(11)), "a delivered letter is not delivered again");
        Assert.IsTrue(await _store.Deliveries.RecordFailedAsync(second, 5, "gave up", Now.AddDays(3)));
        Assert.IsFalse(await _store.Deliveries.RecordAttemptFailedAsync(second, 6, "late", Now.AddDays(3), Now.AddDays(4)), "nothing follows a final failure");

        var events = await _store.Deliveries.GetEventsAsync(id);
        CollectionAssert.AreEqual(
            new[] { "Accepted", "AttemptFailed", "Delivered" },
            events.Where(e => e.RecipientCode == first.RecipientCode).Select(e => e.Kind).ToArray());
        CollectionAssert.AreEqual(new[] { "Accepted", "Failed" }, events.Where(e => e.RecipientCode == second.RecipientCode).Select(e => e.Kind).ToArray());
        var delivered = (await _store.Deliveries.GetDeliveryAsync(first))!;
        Assert.AreEqual(DeliveryState.Delivered, delivered.DeliveryState);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, delivered.Receipt);
        Assert.IsNull(delivered.LeaseOwner);
    }

    [TestMethod]
    public async Task StatusReportsFollowTheStateMachineAndARepeatedReportCountsOnce()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000600";
        await _store.Letters.AcceptAsync(Letter(id, ["000.00.00.H41"]));
        var key = new DeliveryKey(id, "000.00.00.H41");
        NewStatusReport Report(string reportId, ProcessingStatus status, int minutes) =>
            new(reportId, key, status, "ghi chú", [1], [2], Now.AddMinutes(minutes));

        var early = await Assert.ThrowsExactlyAsync<RefusalException>(() => _store.Statuses.RecordStatusAsync(Report("r0", ProcessingStatus.Arrived, 1)));
        Assert.AreEqual(RefusalReason.DeliveryNotConfirmed, early.Reason);
        await _store.Deliveries.RecordDeliveredAsync(key, 1, [1], [2], Now.AddMinutes(2));
        Assert.AreEqual(Now.AddMinutes(3), await _store.Statuses.RecordStatusAsync(Report("r1", ProcessingStatus.Arrived, 3)));
        Assert.AreEqual(Now.AddMinutes(3), await _store.Statuses.RecordStatusAsync(Report("r1", ProcessingStatus.Arrived, 9)), "the same report twice");
        await _store.Statuses.RecordStatusAsync(Report("r2", ProcessingStatus.Completed, 4));
        var late = await Assert.ThrowsExactlyAsync<RefusalException>(() => _store.Statuses.RecordStatusAsync(Report("r3", ProcessingStatus.Processing, 5)));

        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, late.Reason);
        Assert.AreEqual("06", (await _store.Deliveries.GetDeliveryAsync(key))!.StatusCode);
        Assert.AreEqual(2, (await _store.Deliveries.GetEventsAsync(id)).Count(e => e.Kind == DeliveryEventKind.Status));
    }

    [TestMethod]
    public async Task TheExchangeLogIsAppendedInBatches()
    {
        await _store.AppendAuditAsync([new AuditRecord(Now, "000.00.00.G22", "Submit", "accepted", "e1"), new AuditRecord(Now, "hub", "Deliver", "delivered", "e1", Detail: "to H41")]);
        await _store.AppendAuditAsync([new AuditRecord(Now.AddSeconds(1), "000.00.00.H29", "GetTrace", "refused", "e1", "ACCESS_DENIED")]);

        await using var connection = await _database.OpenAsync();
        var actions = (await connection.QueryAsync<string>("SELECT action FROM audit_events ORDER BY id")).ToList();
        CollectionAssert.AreEqual(new[] { "Submit", "Deliver", "GetTrace" }, actions);
    }

    /// <summary>Reads content as a delivery does: through a blob store that asks this store first.</summary>
    private async Task<List<byte[]>> ReadThroughBlobStoreAsync(InlineContent content)
    {
        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"inline-{Guid.NewGuid():N}");
        try
        {
            var pieces = new List<byte[]>();
            await foreach (var piece in new BlobStore(root, _store).ReadAsync(content.Sha256Hex, content.Content.Length, new byte[64 * 1024]))
            {
                pieces.Add(piece.ToArray());
            }

            return pieces;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Agency Agency(string code, GovernmentLevel level) =>
        new(AgencyCode.Parse(code), $"Agency {code}", level, null, null, true, Now, Now);

    private static NewEnvelope Letter(string id, IReadOnlyList<string> recipients, string subject = "V/v thử nghiệm", string sender = "000.00.00.G22") => new(
        new StoredEnvelope
        {
            Id = id,
            SenderCode = sender,
            Subject = subject,
            Manifest = [1, 2, 3],
            Signature = [4, 5, 6],
            ManifestSha256 = new byte[32],
            Acceptance = [7],
            AcceptanceSignature = [8],
            AcceptedAt = Epoch.ToMs(Now),
        },
        [
            new StoredAttachment { Idx = 0, Name = "cong-van.pdf", MediaType = "application/pdf", Size = 10, Sha256 = new string('a', 64) },
            new StoredAttachment { Idx = 1, Name = "phu-luc.pdf", MediaType = "application/pdf", Size = 20, Sha256 = new string('b', 64) },
        ],
        recipients);
}
