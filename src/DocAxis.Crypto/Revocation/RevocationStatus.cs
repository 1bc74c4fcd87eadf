namespace DocAxis.Crypto.Revocation;

/// <summary>What is known about one certificate's revocation, and from where.</summary>
public sealed record RevocationStatus(RevocationState State, string Source, DateTimeOffset? RevokedAt = null, string? Reason = null, string? Why = null)
{
    public static RevocationStatus Unknown(string why) => new(RevocationState.Unknown, "none", Why: why);
}

public enum RevocationState
{
    Good,
    Revoked,
    Unknown,
}
