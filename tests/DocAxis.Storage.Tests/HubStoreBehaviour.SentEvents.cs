using DocAxis.Storage.Hub;

namespace DocAxis.Storage.Tests;

/// <summary>What a sender's node follows: the timeline of the letters it sent, by a keyset cursor, on every provider.</summary>
public abstract partial class HubStoreBehaviour
{
    [TestMethod]
    public async Task ASendersTimelineEventsComeInTimeOrderAfterTheCursorAndNoOneElses()
    {
        const string mine = "0b6f4c1e-2d3a-4f5b-8c7d-000000001000";
        const string theirs = "0b6f4c1e-2d3a-4f5b-8c7d-000000001001";
        await _store.Letters.AcceptAsync(Letter(mine, ["000.00.00.H41", "000.00.00.H29"]));
        await _store.Letters.AcceptAsync(Letter(theirs, ["000.00.00.G22"], sender: "000.00.00.H41"));
        var first = new DeliveryKey(mine, "000.00.00.H41");
        var second = new DeliveryKey(mine, "000.00.00.H29");
        await _store.Deliveries.RecordAttemptFailedAsync(second, 1, "unreachable", Now.AddSeconds(2), Now.AddSeconds(10));
        await _store.Deliveries.RecordDeliveredAsync(first, 1, [1], [2], Now.AddSeconds(1));
        await _store.Deliveries.RecordDeliveredAsync(second, 2, [1], [2], Now.AddSeconds(2));
        await _store.Deliveries.RecordDeliveredAsync(new DeliveryKey(theirs, "000.00.00.G22"), 1, [1], [2], Now.AddSeconds(1));

        var all = await _store.Deliveries.ListSentEventsAsync("000.00.00.G22", DateTimeOffset.UnixEpoch, 0, 10);

        CollectionAssert.AreEqual(
            new[] { "Delivered 000.00.00.H41", "AttemptFailed 000.00.00.H29", "Delivered 000.00.00.H29" },
            all.Select(e => $"{e.Kind} {e.RecipientCode}").ToArray(),
            "by time then id; not the acceptances, not the other sender's letter");
        var page = await _store.Deliveries.ListSentEventsAsync("000.00.00.G22", DateTimeOffset.UnixEpoch, 0, 2);
        var rest = await _store.Deliveries.ListSentEventsAsync("000.00.00.G22", Epoch.FromMs(page[^1].At), page[^1].Id, 10);
        CollectionAssert.AreEqual(all.Select(e => e.Id).ToArray(), page.Concat(rest).Select(e => e.Id).ToArray(), "a page and the rest after its keyset are the whole");
        Assert.HasCount(0, await _store.Deliveries.ListSentEventsAsync("000.00.00.G22", Now.AddSeconds(3), 0, 10));
    }
}
