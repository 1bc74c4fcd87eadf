using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Crypto.Signing;
using DocAxis.Transport.Mapping;
using Google.Protobuf;

namespace DocAxis.Hub.Federation;

/// <summary>
/// The hubs a letter passed, as each one's signed acceptance of it, the sender's hub first: read
/// to refuse a loop or too long a path before anything costs, verified before the letter is
/// stored, stored with it, and carried on with this hub's own acceptance appended.
/// </summary>
internal static class Hops
{
    /// <summary>Opens each acceptance without verifying it (that comes later): who accepted what.</summary>
    public static IReadOnlyList<AcceptanceReceipt> Read(IEnumerable<SignedAcceptance> hops, string field)
    {
        var read = new List<AcceptanceReceipt>();
        foreach (var hop in hops)
        {
            try
            {
                read.Add(AcceptanceReceipt.Parser.ParseFrom(hop.Body));
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RefusalException(RefusalReason.MalformedMessage, $"{field}[{read.Count}] is not an acceptance receipt: {e.Message}", $"{field}[{read.Count}]");
            }
        }

        return read;
    }

    /// <summary>Refuses a path that would pass <paramref name="self"/> again or exceed <paramref name="maxHops"/> once it gets here.</summary>
    public static void EnsurePathAllowed(IReadOnlyList<AcceptanceReceipt> hops, string self, int maxHops, string field)
    {
        if (hops.FirstOrDefault(h => h.HubId == self) is { } passed)
        {
            throw new RefusalException(
                RefusalReason.RouteLoop,
                $"Letter {passed.EnvelopeId} already passed hub {self} (path: {Path(hops)}); a letter does not pass a hub twice.",
                field);
        }

        if (hops.Count + 1 > maxHops)
        {
            throw new RefusalException(
                RefusalReason.HopLimitExceeded,
                $"Letter {hops[0].EnvelopeId} has passed {hops.Count} hubs ({Path(hops)}); at most {maxHops} may carry it.",
                new Dictionary<string, string> { ["field"] = field, ["limit"] = maxHops.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
    }

    /// <summary>Verifies every hop's signature by the hub it names, and that each is about this letter.</summary>
    public static async Task VerifyAsync(SignatureVerifier verifier, IReadOnlyList<SignedAcceptance> hops, string envelopeId, byte[] manifestSha256, string field, CancellationToken cancellationToken)
    {
        for (var i = 0; i < hops.Count; i++)
        {
            var hubId = AcceptanceReceipt.Parser.ParseFrom(hops[i].Body).HubId;
            var acceptance = await SignedMapper.OpenAcceptanceAsync(verifier, hops[i], hubId, cancellationToken);
            acceptance.EnsureFor(envelopeId, manifestSha256, recipient: null, $"{field}[{i}]");
        }
    }

    public static IReadOnlyList<SignedAcceptance> Parse(byte[]? stored) => stored is null ? [] : [.. HopList.Parser.ParseFrom(stored).Hops];

    public static byte[] Serialize(IEnumerable<SignedAcceptance> hops) => new HopList { Hops = { hops } }.ToByteArray();

    /// <summary>The hub ids of a stored path.</summary>
    public static IReadOnlyList<string> HubIds(byte[]? stored) => [.. Read(Parse(stored), "hops").Select(h => h.HubId)];

    private static string Path(IEnumerable<AcceptanceReceipt> hops) => string.Join(" -> ", hops.Select(h => h.HubId));
}
