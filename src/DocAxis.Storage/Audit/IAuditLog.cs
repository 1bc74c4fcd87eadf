namespace DocAxis.Storage.Audit;

/// <summary>Where a host's exchange log is appended: the hub's and each node's own database.</summary>
public interface IAuditLog
{
    /// <summary>Appends a batch of entries in one transaction.</summary>
    Task AppendAuditAsync(IReadOnlyList<AuditRecord> records);
}
