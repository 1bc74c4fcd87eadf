namespace DocAxis.Storage.Audit;

/// <summary>
/// Recomputes the exchange log's chain and checks its seals, naming the first entry that was
/// altered, removed or inserted. Entry by entry: its hash must cover its own content and place
/// (else it was altered), and it must chain to the entry before it (else that one was altered, or
/// an entry was inserted or removed between them). A rewrite that recomputes every hash after a
/// change is caught by the seals, whose signed head hashes no longer match; the entries sealed
/// since the last matching seal are named as rewritten.
/// </summary>
public static class AuditVerifier
{
    /// <param name="sealProblem">Checks a seal's signature; returns why it is not genuine, or null.</param>
    public static async Task<AuditVerification> VerifyAsync(AuditLog log, Func<AuditSeal, Task<string?>> sealProblem)
    {
        var seals = (await log.SealsAsync()).ToDictionary(s => s.Seq);
        foreach (var seal in seals.Values)
        {
            if (await sealProblem(seal) is { } why)
            {
                return new AuditVerification(0, 0, null, new AuditProblem("seal", seal.Seq, $"The seal over the chain up to entry {seal.Seq} is not genuine: {why}"));
            }
        }

        long expected = 1;
        long checkedEntries = 0;
        byte[] previous = AuditChain.Genesis;
        byte[]? beforePrevious = null;
        long lastGoodSeal = 0;
        AuditProblem? sealMismatch = null;
        await foreach (var entry in log.ChainAsync())
        {
            var seq = entry.Seq!.Value;
            if (Check(entry, seq, expected, previous, beforePrevious) is { } problem)
            {
                // An entry inserted at a sealed place also differs from the seal; the link from the
                // entry after it says which, so the more specific finding wins.
                var first = sealMismatch is not null && problem.Seq != seq - 1 ? sealMismatch : problem;
                return new AuditVerification(checkedEntries, seals.Count, seq, first);
            }

            if (sealMismatch is not null)
            {
                return new AuditVerification(checkedEntries, seals.Count, seq, sealMismatch);
            }

            if (seals.TryGetValue(seq, out var seal))
            {
                if (!seal.HeadHash.AsSpan().SequenceEqual(entry.Hash))
                {
                    // Every hash still links, so the forger recomputed them; the seals bound where.
                    sealMismatch = new AuditProblem(
                        "rewritten", lastGoodSeal + 1,
                        $"Entries {lastGoodSeal + 1} to {seq} were rewritten and their hashes recomputed: the chain up to {seq} no longer matches the hub's seal of {Epoch.FromMs(seal.SealedAt):yyyy-MM-dd HH:mm:ss}Z.");
                }
                else
                {
                    lastGoodSeal = seq;
                }
            }

            beforePrevious = previous;
            previous = entry.Hash!;
            expected = seq + 1;
            checkedEntries++;
        }

        var last = expected - 1;
        if (sealMismatch is not null)
        {
            return new AuditVerification(checkedEntries, seals.Count, last, sealMismatch);
        }

        var lastSealed = seals.Keys.DefaultIfEmpty(0).Max();
        if (lastSealed > last)
        {
            return new AuditVerification(checkedEntries, seals.Count, last, new AuditProblem(
                "removed", last + 1, $"Entries {last + 1} to {lastSealed} were removed: they were sealed, and the chain now ends at {last}."));
        }

        var unchained = await log.CountUnchainedAsync();
        if (unchained > 0)
        {
            return new AuditVerification(checkedEntries, seals.Count, last, new AuditProblem(
                "inserted", null, $"{unchained} entries were inserted outside the chain (they have no place in it)."));
        }

        return new AuditVerification(checkedEntries, seals.Count, last == 0 ? null : last, null);
    }

    private static AuditProblem? Check(AuditEntry entry, long seq, long expected, byte[] previous, byte[]? beforePrevious)
    {
        if (seq != expected)
        {
            return new AuditProblem("removed", expected, seq == expected + 1
                ? $"Entry {expected} was removed: the chain goes from {expected - 1} to {seq}."
                : $"Entries {expected} to {seq - 1} were removed: the chain goes from {expected - 1} to {seq}.");
        }

        // The link first: an entry slipped in between keeps its own hash consistent, but the entry
        // after it still chains to the one before.
        if (entry.PrevHash is not null && !entry.PrevHash.AsSpan().SequenceEqual(previous))
        {
            return beforePrevious is not null && entry.PrevHash.AsSpan().SequenceEqual(beforePrevious)
                ? new AuditProblem("inserted", seq - 1, $"Entry {seq - 1} was inserted: entry {seq} chains to the entry before it.")
                : new AuditProblem("altered", seq - 1, $"Entry {seq - 1} was altered: entry {seq} no longer chains to it.");
        }

        if (entry.Hash is null || entry.PrevHash is null
            || !AuditChain.Hash(entry.PrevHash, seq, entry.ToRecord()).AsSpan().SequenceEqual(entry.Hash))
        {
            return new AuditProblem("altered", seq, $"Entry {seq} ({entry.Action} by {entry.Actor}) was altered: its content no longer matches its hash.");
        }

        return null;
    }
}
