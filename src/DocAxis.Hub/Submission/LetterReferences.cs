using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Storage.Hub;

namespace DocAxis.Hub.Submission;

/// <summary>
/// Checks, before a revoke, update or replace letter is streamed, that it may amend the letter it
/// refers to: one its own sender sent, to each of its recipients, at a point where that recipient
/// can still be asked. The store checks again under lock when it commits.
/// </summary>
internal static class LetterReferences
{
    private const string Field = "manifest.referenced_envelope_id";

    /// <param name="recipients">The recipients this hub reaches, when a peer hub forwarded the letter for some of them.</param>
    public static async Task CheckAsync(HubStore store, LetterManifest letter, IEnumerable<Core.Agencies.AgencyCode>? recipients = null)
    {
        if (letter.ReferencedEnvelopeId is not { } reference)
        {
            return;
        }

        var id = reference.ToString();
        var kind = letter.BusinessType.ToString().ToLowerInvariant();
        var original = await store.Letters.FindEnvelopeAsync(id)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"Letter {id}, which this {kind} letter refers to, was never accepted by this hub.", Field);
        if (original.SenderCode != letter.Sender.Value)
        {
            throw new RefusalException(
                RefusalReason.ReferenceInvalid, $"Letter {id} was sent by {original.SenderCode}; only its sender may revoke, update or replace it.", Field);
        }

        Amendments.EnsureAllowed(id, letter.BusinessType, await store.Deliveries.GetDeliveriesAsync(id), (recipients ?? letter.Recipients).Select(r => r.Value));
    }
}
