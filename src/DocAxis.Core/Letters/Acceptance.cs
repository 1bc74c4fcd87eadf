namespace DocAxis.Core.Letters;

/// <summary>What a hub's signed acceptance receipt states: it holds this letter, durably, since then.</summary>
public sealed record Acceptance(
    string EnvelopeId, byte[] ManifestSha256, string SenderCode, IReadOnlyList<string> RecipientCodes, DateTimeOffset AcceptedAt, string HubId)
{
    /// <summary>
    /// Refuses a receipt that is not about this letter: another envelope, other manifest bytes, or,
    /// when <paramref name="recipient"/> is given, a letter not addressed to it.
    /// </summary>
    public void EnsureFor(string envelopeId, byte[] manifestSha256, string? recipient, string? field = null)
    {
        if (EnvelopeId != envelopeId || !ManifestSha256.AsSpan().SequenceEqual(manifestSha256) || (recipient is not null && !RecipientCodes.Contains(recipient)))
        {
            var forWhom = recipient is null ? string.Empty : $" for {recipient}";
            throw new RefusalException(RefusalReason.ReceiptInvalid, $"The hub's acceptance receipt does not match letter {envelopeId}{forWhom}.", field);
        }
    }
}
