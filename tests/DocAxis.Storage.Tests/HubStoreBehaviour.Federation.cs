using DocAxis.Core.Agencies;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;
using DocAxis.Storage.Hub;

namespace DocAxis.Storage.Tests;

/// <summary>Hubs route to hubs, on every provider: forwards, what peers report back, and copied directories.</summary>
public abstract partial class HubStoreBehaviour
{
    [TestMethod]
    public async Task AForwardedDeliveryWaitsForItsReceiptAndWhatAPeerReportsIsAppliedOnce()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000900";
        await _store.Letters.AcceptAsync(Letter(id, ["000.00.12.H29"]));
        var key = new DeliveryKey(id, "000.00.12.H29");
        var acceptance = new SignedBytes([9, 9], [8, 8]);

        Assert.IsTrue(await _store.Deliveries.RecordForwardedAsync(key, 1, "hub.quoc-gia", acceptance, Now.AddSeconds(1)));
        Assert.IsFalse(await _store.Relayed.ForwardedAsync(key, "hub.quoc-gia", acceptance, Now.AddSeconds(2), new RelayOrigin(null, "hub.quoc-gia:1")),
            "the peer's confirmation of a forward already recorded changes nothing");
        Assert.IsFalse(await _store.Deliveries.RecordAttemptFailedAsync(key, 2, "late failure", Now.AddSeconds(2), Now.AddSeconds(10)), "a forward the next hub took is never retried");
        var forwarded = (await _store.Deliveries.GetDeliveryAsync(key))!;
        Assert.AreEqual(DeliveryState.Pending, forwarded.DeliveryState);
        Assert.AreEqual("hub.quoc-gia", forwarded.ForwardedTo);
        Assert.IsNull(forwarded.NextAttemptAt, "not attempted again while the next hub has it");
        Assert.IsEmpty(await _store.Deliveries.LeaseDueAsync("a", Now.AddDays(1), Now.AddDays(1).AddMinutes(2), 10));

        var hop = new RelayOrigin("hub.quoc-gia", "hub.quoc-gia:7");
        await _store.Relayed.NoteAsync(key, DeliveryEventKind.Forwarded, Now.AddSeconds(3), hop, 1, "hub.h29", new SignedBytes([5], [6]));
        await _store.Relayed.NoteAsync(key, DeliveryEventKind.Forwarded, Now.AddSeconds(4), hop, 1, "hub.h29", new SignedBytes([5], [6]));
        Assert.IsTrue(await _store.Relayed.AppliedAsync(hop.Key));
        var receipt = new RelayOrigin("hub.h29", "hub.quoc-gia:9");
        Assert.IsTrue(await _store.Relayed.DeliveredAsync(key, 1, new SignedBytes([1], [2]), Now.AddSeconds(5), receipt));
        Assert.IsFalse(await _store.Relayed.DeliveredAsync(key, 1, new SignedBytes([1], [2]), Now.AddSeconds(6), receipt));

        var timeline = await _store.Deliveries.GetEventsAsync(id);
        CollectionAssert.AreEqual(new[] { "Accepted", "Forwarded", "Forwarded", "Delivered" }, timeline.Select(e => e.Kind).ToArray());
        Assert.AreEqual("hub.quoc-gia", timeline[1].Detail);
        Assert.IsNull(timeline[1].HubId, "this hub's own forward");
        CollectionAssert.AreEqual(new byte[] { 9, 9 }, timeline[1].Proof, "with the next hub's acceptance");
        Assert.AreEqual("hub.quoc-gia", timeline[2].HubId, "the next hub's forward, reported by it");
        Assert.AreEqual("hub.h29", timeline[3].HubId);
        Assert.AreEqual(DeliveryState.Delivered, (await _store.Deliveries.GetDeliveryAsync(key))!.DeliveryState);
    }

    [TestMethod]
    public async Task ALetterForwardedAgainGainsDeliveriesForNewRecipientsAndRequeuesFailedOnes()
    {
        const string id = "0b6f4c1e-2d3a-4f5b-8c7d-000000000910";
        var letter = Letter(id, ["000.00.12.H29"]);
        await _store.Letters.AcceptAsync(letter with { Envelope = new StoredEnvelope
        {
            Id = id, SenderCode = "000.01.31.H40", Subject = "V/v chuyển tiếp", Manifest = [1], Signature = [2], ManifestSha256 = new byte[32],
            Acceptance = [7], AcceptanceSignature = [8], AcceptedAt = Epoch.ToMs(Now), OriginHub = "hub.quoc-gia",
        } });
        var first = new DeliveryKey(id, "000.00.12.H29");
        await _store.Deliveries.RecordFailedAsync(first, 3, "gave up", Now.AddDays(3));
        IReadOnlyList<string>? signedFor = null;

        var due = await _store.Letters.AddForwardedDeliveriesAsync(id, ["000.00.12.H29", "000.00.13.H29"], "hub.quoc-gia", Now.AddDays(4), all =>
        {
            signedFor = all;
            return new SignedBytes([42], [43]);
        });

        CollectionAssert.AreEquivalent(new[] { first, new DeliveryKey(id, "000.00.13.H29") }, due.ToArray());
        CollectionAssert.AreEqual(new[] { "000.00.12.H29", "000.00.13.H29" }, signedFor!.ToArray(), "the new acceptance names every recipient held here");
        var envelope = (await _store.Letters.FindEnvelopeAsync(id))!;
        CollectionAssert.AreEqual(new byte[] { 42 }, envelope.Acceptance);
        Assert.AreEqual(DeliveryState.Pending, (await _store.Deliveries.GetDeliveryAsync(first))!.DeliveryState, "the failed one is re-queued");
        Assert.IsEmpty(await _store.Letters.AddForwardedDeliveriesAsync(id, ["000.00.12.H29"], "hub.quoc-gia", Now.AddDays(5), _ => throw new InvalidOperationException("nothing new to sign")),
            "forwarded once more, nothing changes");

        var relayed = await _store.Deliveries.ListRelayedEventsAsync("hub.quoc-gia", DateTimeOffset.UnixEpoch, 0, 100);
        CollectionAssert.AreEqual(new[] { "Accepted", "Failed", "Requeued", "Accepted" }, relayed.Select(e => e.Kind).ToArray(), "what the forwarding hub follows");
        Assert.IsEmpty(await _store.Deliveries.ListRelayedEventsAsync("hub.h40", DateTimeOffset.UnixEpoch, 0, 100), "another hub sees none of it");
    }

    [TestMethod]
    public async Task ACopiedDirectoryWritesOnlyWhatChangedAndNeverOverAnAgencyHostedHere()
    {
        await _store.Peers.PutAsync(new PeerHub("hub.quoc-gia", "Trục quốc gia", new Uri("https://truc.example:7443"), true, Now), Now);
        var own = await _store.Directory.PutAgencyAsync(Agency("000.00.00.H40", GovernmentLevel.Province) with { NodeEndpoint = new Uri("https://node.example:7001") }, Now);
        var (_, before) = (await _store.Directory.ListChangedAsync(0, 100)).Single();

        var remote = Agency("000.00.12.H29", GovernmentLevel.Province) with { ViaHub = "hub.quoc-gia" };
        var hijack = Agency("000.00.00.H40", GovernmentLevel.Province) with { ViaHub = "hub.quoc-gia", Name = "Không phải của trục này" };
        var written = await _store.Directory.ApplyCopyAsync([remote, hijack], Now.AddMinutes(1));
        CollectionAssert.AreEqual(new[] { remote.Code }, written.Select(a => a.Code).ToArray());
        Assert.AreEqual(own.Name, (await _store.Directory.GetAgencyAsync(own.Code))!.Name, "an agency a node of this hub hosts is never overwritten");
        Assert.IsEmpty(await _store.Directory.ApplyCopyAsync([remote], Now.AddMinutes(2)), "the same entry again writes nothing");

        var changed = await _store.Directory.ListChangedAsync(before, 100);
        Assert.AreEqual(remote.Code, changed.Single().Agency.Code);
        Assert.AreEqual("hub.quoc-gia", changed.Single().Agency.ViaHub);
        await _store.Directory.DisableAgencyAsync(remote.Code, Now.AddMinutes(3));
        Assert.IsGreaterThan(changed.Single().Version, (await _store.Directory.ListChangedAsync(before, 100)).Single().Version, "disabling is a change too");

        await _store.Peers.RecordDirectoryCopyAsync("hub.quoc-gia", 17, Now.AddDays(1));
        Assert.AreEqual((17L, (DateTimeOffset?)Now.AddDays(1)), await _store.Peers.DirectoryCopyAsync("hub.quoc-gia"));
    }
}
