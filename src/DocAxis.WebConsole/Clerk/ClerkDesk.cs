using System.Security.Claims;
using DocAxis.WebConsole.Access;
using DocAxis.Contracts.V1;
using DocAxis.Hosting.Audit;
using DocAxis.Node;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;
using InboxLetter = DocAxis.Storage.Node.InboxLetter;

namespace DocAxis.WebConsole.Clerk;

/// <summary>
/// What a clerk's pages may do, decided here once: a clerk acts for the one hosted agency their
/// account names, sees that agency's letters only, and each attempt at another agency's letter is
/// refused and written to the exchange log with the person's name.
/// </summary>
public sealed class ClerkDesk(NodeStore store, BlobStore blobs, HostedAgencies agencies, AuditTrail audit)
{
    public const int PageSize = 25;

    /// <summary>The hosted agency the person is a clerk of.</summary>
    public HostedAgency AgencyOf(ClaimsPrincipal user) => agencies.Get(user.FindFirstValue(ConsoleRoles.AgencyClaim));

    /// <summary>Who acted, as the exchange log names a person: "console:user@agency" (at the hub, "console:user@operator").</summary>
    public static string Actor(ClaimsPrincipal user) =>
        $"console:{user.FindFirstValue(ClaimTypes.NameIdentifier)}@{user.FindFirstValue(ConsoleRoles.AgencyClaim) ?? user.FindFirstValue(ClaimTypes.Role)?.ToLowerInvariant() ?? "-"}";

    /// <summary>The latest event of the person's agency: a page's live feed starts after it.</summary>
    public Task<long> LastSequenceAsync(ClaimsPrincipal user) => store.Events.LastSequenceAsync(AgencyOf(user).Code.Value);

    public Task<IReadOnlyList<SentLetterSummary>> SentAsync(ClaimsPrincipal user, LetterFilter filter, int page) =>
        store.Lists.ListSentAsync(AgencyOf(user).Code.Value, filter, Math.Max(0, page) * PageSize, PageSize + 1);

    public Task<IReadOnlyList<InboxLetter>> ReceivedAsync(ClaimsPrincipal user, LetterFilter filter, int page) =>
        store.Lists.ListReceivedAsync(AgencyOf(user).Code.Value, filter, Math.Max(0, page) * PageSize, PageSize + 1);

    /// <summary>A letter the person's agency sent or received; <see cref="LetterAccess.Denied"/> (and logged) if it is another agency's.</summary>
    public async Task<(LetterAccess Access, LetterView? View)> OpenAsync(ClaimsPrincipal user, string envelopeId)
    {
        if (!Core.Letters.EnvelopeId.TryParse(envelopeId, out _))
        {
            return (LetterAccess.Missing, null);
        }

        var agency = AgencyOf(user).Code.Value;
        var sent = await store.GetOutboxAsync(envelopeId);
        if (sent is not null && sent.AgencyCode == agency)
        {
            var events = await store.Events.ListForLetterAsync(agency, envelopeId);
            return (LetterAccess.Allowed, new LetterView(envelopeId, ManifestMapper.Parse(sent.Manifest), sent, null, await store.Lists.RecipientsAsync(envelopeId), events));
        }

        var received = await store.FindInboxAsync(envelopeId, agency);
        if (received is not null)
        {
            var events = await store.Events.ListForLetterAsync(agency, envelopeId);
            return (LetterAccess.Allowed, new LetterView(envelopeId, ManifestMapper.Parse(received.Manifest), null, received, [], events));
        }

        if (sent is not null || await ReceivedByAnyAsync(envelopeId))
        {
            audit.Record(Actor(user), "ConsoleOpenLetter", "refused", envelopeId, "ACCESS_DENIED", $"letter of another agency, not of {agency}");
            return (LetterAccess.Denied, null);
        }

        return (LetterAccess.Missing, null);
    }

    /// <summary>The HTTP status a page answers for a letter it may not show: 403 for another agency's, 404 for none.</summary>
    public static int StatusOf(LetterAccess access) => access == LetterAccess.Denied ? 403 : 404;

    /// <summary>The content of one attachment of a letter the person may open, streamed from the store.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAttachmentAsync(LetterView letter, int index, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var contents = letter.Sent is not null
            ? await store.GetOutboxContentAsync(letter.EnvelopeId)
            : await store.GetInboxContentAsync(letter.EnvelopeId, letter.Received!.AgencyCode);
        var content = contents.Single(c => c.Idx == index);
        var buffer = new byte[64 * 1024];
        await foreach (var piece in blobs.ReadAsync(content.Sha256, content.Size, buffer, keepCached: false, cancellationToken))
        {
            yield return piece;
        }
    }

    private async Task<bool> ReceivedByAnyAsync(string envelopeId)
    {
        foreach (var other in agencies.All)
        {
            if (await store.FindInboxAsync(envelopeId, other.Code.Value) is not null)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Whether a person may open a letter; <see cref="ClerkDesk.StatusOf"/> gives a refusal's HTTP status.</summary>
public enum LetterAccess
{
    Allowed,
    Denied,
    Missing,
}

/// <summary>A letter as a clerk sees it: its signed header, and either its sending or its receiving side.</summary>
public sealed record LetterView(
    string EnvelopeId, Manifest Manifest, OutboxLetter? Sent, InboxLetter? Received, IReadOnlyList<SentDelivery> Recipients, IReadOnlyList<LetterEventRow> Events);
