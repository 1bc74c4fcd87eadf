using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;

namespace DocAxis.Storage.Hub;

/// <summary>Whether a revoke, update or replace letter may amend the earlier letter at each of its recipients.</summary>
public static class Amendments
{
    /// <summary>
    /// Refuses unless every recipient of the amendment received the earlier letter and may still be
    /// asked (see <see cref="DeliveryStateMachine.EnsureAmendable"/>). The hub checks before a
    /// letter is streamed, and the store again under lock when it commits.
    /// </summary>
    public static void EnsureAllowed(string original, BusinessType type, IEnumerable<StoredDelivery> deliveries, IEnumerable<string> recipients)
    {
        var byRecipient = deliveries.ToDictionary(d => d.RecipientCode);
        foreach (var recipient in recipients)
        {
            var delivery = byRecipient.GetValueOrDefault(recipient)
                ?? throw new RefusalException(
                    RefusalReason.ReferenceInvalid,
                    $"Letter {original} was not sent to {recipient}; a {type.ToString().ToLowerInvariant()} letter goes only to the earlier letter's recipients.",
                    "manifest.referenced_envelope_id");
            DeliveryStateMachine.EnsureAmendable(recipient, delivery.DeliveryState, delivery.ProcessingStatus, type, delivery.PendingAmendment);
        }
    }
}
