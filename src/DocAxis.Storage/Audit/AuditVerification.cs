namespace DocAxis.Storage.Audit;

/// <summary>What verifying the exchange log found: how much was checked, and the first problem, if any.</summary>
public sealed record AuditVerification(long EntriesChecked, int SealsChecked, long? HeadSeq, AuditProblem? Problem)
{
    public bool Intact => Problem is null;
}

/// <summary>The first place where the log is not what was written.</summary>
/// <param name="Kind">"altered", "removed", "inserted", "rewritten" (hashes recomputed after a change; caught by a seal) or "seal" (a seal not signed by the hub).</param>
/// <param name="Seq">The place in the chain concerned.</param>
public sealed record AuditProblem(string Kind, long? Seq, string Description);
