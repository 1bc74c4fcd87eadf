using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Storage.Hub;

namespace DocAxis.Hub.Federation;

/// <summary>
/// Where a letter for an agency goes from this hub, by the directory: to the node that hosts it, or
/// to the peer hub it is reached through. A recipient that cannot be reached is refused by name,
/// never dropped; one whose route leads back to a hub the letter passed is a loop.
/// </summary>
internal sealed class Routes(HubStore store)
{
    /// <summary>Refuses the recipient unless it is known, enabled and reachable without passing any of <paramref name="passed"/> again.</summary>
    public async Task<Agency> EnsureRoutableAsync(AgencyCode code, string field, IReadOnlyCollection<string> passed)
    {
        var recipient = await store.Directory.GetAgencyAsync(code)
            ?? throw new RefusalException(RefusalReason.RecipientUnknown, $"Recipient {code} is not in the agency directory.", field);
        if (!recipient.Enabled)
        {
            throw new RefusalException(RefusalReason.AgencyDisabled, $"Recipient {code} ({recipient.Name}) is disabled in the directory.", field);
        }

        if (recipient.ViaHub is { } hub)
        {
            await EnsureHubUsableAsync(recipient, hub, field, passed);
        }
        else if (recipient.NodeEndpoint is null)
        {
            // Accepting it would only mean retrying a delivery nobody can receive until it gives up.
            throw new RefusalException(
                RefusalReason.RecipientUnroutable, $"Recipient {code} ({recipient.Name}) has no node or hub the hub can deliver to.", field);
        }

        return recipient;
    }

    /// <summary>Refuses a route through <paramref name="hub"/> if the letter passed it already or it is not an enabled peer hub.</summary>
    public async Task<PeerHub> EnsureHubUsableAsync(Agency recipient, string hub, string field, IReadOnlyCollection<string> passed)
    {
        if (passed.Contains(hub))
        {
            throw new RefusalException(
                RefusalReason.RouteLoop,
                $"Recipient {recipient.Code} ({recipient.Name}) is reached through hub {hub}, which the letter already passed ({string.Join(" -> ", passed)}).",
                field);
        }

        var peer = await store.Peers.GetAsync(hub);
        return peer is { Enabled: true }
            ? peer
            : throw new RefusalException(
                RefusalReason.RecipientUnroutable,
                $"Recipient {recipient.Code} ({recipient.Name}) is reached through hub {hub}, which is {(peer is null ? "not a peer hub of this hub" : "disabled")}.",
                field);
    }
}
