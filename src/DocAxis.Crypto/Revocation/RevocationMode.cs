namespace DocAxis.Crypto.Revocation;

/// <summary>What a deployment does when it cannot find out whether a certificate was revoked.</summary>
public enum RevocationMode
{
    /// <summary>Do not check revocation at all.</summary>
    Off,

    /// <summary>Check; refuse what is revoked; accept (and log) what cannot be determined.</summary>
    Prefer,

    /// <summary>Check; refuse what is revoked and what cannot be determined.</summary>
    Require,
}
