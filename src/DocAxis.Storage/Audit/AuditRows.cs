namespace DocAxis.Storage.Audit;

/// <summary>An exchange-log entry as stored, with its place in the chain.</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public long? Seq { get; init; }
    public long At { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string Outcome { get; init; } = "";
    public string? EnvelopeId { get; init; }
    public string? Reason { get; init; }
    public string? Detail { get; init; }
    public byte[]? PrevHash { get; init; }
    public byte[]? Hash { get; init; }

    public AuditRecord ToRecord() => new(Epoch.FromMs(At), Actor, Action, Outcome, EnvelopeId, Reason, Detail);
}

/// <summary>A signature over the chain head: everything up to <see cref="Seq"/> is vouched for.</summary>
public sealed class AuditSeal
{
    public long Seq { get; init; }
    public byte[] HeadHash { get; init; } = [];
    public long SealedAt { get; init; }
    public string SealedBy { get; init; } = "";
    public byte[] Body { get; init; } = [];
    public byte[] Signature { get; init; } = [];
}

/// <summary>Which entries an exchange-log query returns, newest last.</summary>
/// <param name="VisibleTo">When set, only entries about letters this agency sent or received, or that it made itself.</param>
public sealed record AuditQuery(
    string? Agency = null,
    string? EnvelopeId = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long AfterId = 0,
    int Limit = 100,
    string? VisibleTo = null);
