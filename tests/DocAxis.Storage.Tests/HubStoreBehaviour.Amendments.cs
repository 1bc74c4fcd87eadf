using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Storage.Hub;

namespace DocAxis.Storage.Tests;

public abstract partial class HubStoreBehaviour
{
    [TestMethod]
    public async Task ARevokeLetterMarksTheEarlierDeliveriesAndTheAnswersClearThem()
    {
        const string original = "0b6f4c1e-2d3a-4f5b-8c7d-00000000a001";
        const string revoke = "0b6f4c1e-2d3a-4f5b-8c7d-00000000a002";
        await _store.Letters.AcceptAsync(Letter(original, ["000.00.00.H41", "000.00.00.H29"]));
        foreach (var recipient in new[] { "000.00.00.H41", "000.00.00.H29" })
        {
            await _store.Deliveries.RecordDeliveredAsync(new DeliveryKey(original, recipient), 1, [1], [2], Now.AddSeconds(1));
        }

        Assert.IsTrue(await _store.Letters.AcceptAsync(Amendment(revoke, original, 1, ["000.00.00.H41", "000.00.00.H29"])));

        var marked = await _store.Deliveries.GetDeliveriesAsync(original);
        Assert.IsTrue(marked.All(d => d.PendingAmendment == Core.Letters.BusinessType.Revoke && d.AmendedBy == revoke));
        var events = await _store.Deliveries.GetEventsAsync(original);
        Assert.HasCount(2, events.Where(e => e.Kind == DeliveryEventKind.Status && e.StatusCode == "13"));

        await _store.Statuses.RecordStatusAsync(Report(original, "000.00.00.H41", ProcessingStatus.AmendmentAgreed));
        await _store.Statuses.RecordStatusAsync(Report(original, "000.00.00.H29", ProcessingStatus.AmendmentRefused));
        var answered = (await _store.Deliveries.GetDeliveriesAsync(original)).ToDictionary(d => d.RecipientCode);
        Assert.AreEqual("15", answered["000.00.00.H41"].StatusCode, "an agreed recall ends the letter");
        Assert.IsNull(answered["000.00.00.H29"].StatusCode, "a refused recall leaves the status as it was");
        Assert.IsTrue(answered.Values.All(d => d.Amendment is null && d.AmendedBy is null));
        var again = await Assert.ThrowsExactlyAsync<RefusalException>(() => _store.Statuses.RecordStatusAsync(Report(original, "000.00.00.H29", ProcessingStatus.AmendmentAgreed)));
        Assert.AreEqual(RefusalReason.StatusTransitionInvalid, again.Reason);
    }

    [TestMethod]
    public async Task AnAmendmentThatMayNotBeMadeRollsTheWholeLetterBack()
    {
        const string original = "0b6f4c1e-2d3a-4f5b-8c7d-00000000b001";
        const string update = "0b6f4c1e-2d3a-4f5b-8c7d-00000000b002";
        await _store.Letters.AcceptAsync(Letter(original, ["000.00.00.H41"]));

        var refusal = await Assert.ThrowsExactlyAsync<RefusalException>(() => _store.Letters.AcceptAsync(Amendment(update, original, 2, ["000.00.00.H41", "000.00.00.H29"])));

        Assert.AreEqual(RefusalReason.ReferenceInvalid, refusal.Reason);
        Assert.IsNull(await _store.Letters.FindEnvelopeAsync(update), "the update letter itself was not kept");
        Assert.IsNull((await _store.Deliveries.GetDeliveriesAsync(original)).Single().Amendment, "nor was the mark on the first recipient");
        Assert.IsFalse((await _store.Deliveries.GetEventsAsync(original)).Any(e => e.Kind == DeliveryEventKind.Amended));
    }

    [TestMethod]
    public async Task LettersCommittedTogetherStandOrFallAlone()
    {
        const string original = "0b6f4c1e-2d3a-4f5b-8c7d-00000000c000";
        await _store.Letters.AcceptAsync(Letter(original, ["000.00.00.H41"]));

        // Submitted at once, these share commits: the refused updates must take nothing with them.
        var letters = Enumerable.Range(1, 60)
            .Select(i => (Id: $"0b6f4c1e-2d3a-4f5b-8c7d-00000000c{i:D3}", Refused: i % 6 == 0))
            .ToList();
        var outcomes = await Task.WhenAll(letters.Select(async letter =>
        {
            try
            {
                return letter.Refused
                    ? await _store.Letters.AcceptAsync(Amendment(letter.Id, original, 2, ["000.00.00.H41", "000.00.00.H29"]))
                    : await _store.Letters.AcceptAsync(Letter(letter.Id, ["000.00.00.H41", "000.00.00.H29"]));
            }
            catch (RefusalException refusal) when (refusal.Reason == RefusalReason.ReferenceInvalid)
            {
                return (bool?)null;
            }
        }));

        for (var i = 0; i < letters.Count; i++)
        {
            var (id, refused) = letters[i];
            Assert.AreEqual(refused ? null : true, outcomes[i], id);
            Assert.HasCount(refused ? 0 : 2, await _store.Deliveries.GetDeliveriesAsync(id), id);
            Assert.AreEqual(refused, await _store.Letters.FindEnvelopeAsync(id) is null, id);
        }

        Assert.IsNull((await _store.Deliveries.GetDeliveriesAsync(original)).Single().Amendment);
        Assert.HasCount(1, await _store.Deliveries.GetEventsAsync(original), "only the original's own acceptance");
    }

    private static NewEnvelope Amendment(string id, string original, int businessType, IReadOnlyList<string> recipients)
    {
        var plain = Letter(id, recipients).Envelope;
        return new NewEnvelope(
            new StoredEnvelope
            {
                Id = plain.Id, SenderCode = plain.SenderCode, Subject = plain.Subject, Manifest = plain.Manifest, Signature = plain.Signature,
                ManifestSha256 = plain.ManifestSha256, Acceptance = plain.Acceptance, AcceptanceSignature = plain.AcceptanceSignature,
                AcceptedAt = plain.AcceptedAt + 5_000, BusinessType = businessType, ReferencedEnvelopeId = original,
            },
            [],
            recipients,
            "Ban hành nhầm");
    }

    private static NewStatusReport Report(string envelopeId, string recipient, ProcessingStatus status) =>
        new(Guid.NewGuid().ToString(), new DeliveryKey(envelopeId, recipient), status, "", [1], [2], Now.AddMinutes(1));
}
