namespace DocAxis.Storage.Audit;

/// <summary>The exchange log's SQL, standard with per-provider overrides, like the hub's.</summary>
internal class AuditStatements
{
    public static AuditStatements For(StorageProvider provider) => provider switch
    {
        StorageProvider.PostgreSql => new PostgresAuditStatements(),
        StorageProvider.SqlServer => new SqlServerAuditStatements(),
        _ => new AuditStatements(),
    };

    /// <summary>Serializes appenders so that the chain stays one line (SQLite's write lock already does).</summary>
    public virtual string LockChain => "";

    public virtual string Head => "SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1";

    public virtual string Insert => """
        INSERT INTO audit_events (at, actor, action, outcome, envelope_id, reason, detail, seq, prev_hash, hash)
        VALUES (@At, @Actor, @Action, @Outcome, @EnvelopeId, @Reason, @Detail, @Seq, @PrevHash, @Hash)
        """;

    public virtual string Chain => "SELECT * FROM audit_events WHERE seq IS NOT NULL AND seq > @after ORDER BY seq LIMIT @limit";

    public virtual string Unchained => "SELECT COUNT(*) FROM audit_events WHERE seq IS NULL AND id > (SELECT COALESCE(MIN(id), 0) FROM audit_events WHERE seq IS NOT NULL)";

    public virtual string InsertSeal => """
        INSERT INTO audit_seals (seq, head_hash, sealed_at, sealed_by, body, signature)
        VALUES (@Seq, @HeadHash, @SealedAt, @SealedBy, @Body, @Signature)
        """;

    public virtual string Seals => "SELECT * FROM audit_seals ORDER BY seq";

    public virtual string LastSeal => "SELECT * FROM audit_seals ORDER BY seq DESC LIMIT 1";

    /// <summary>The latest entry of one action (served by the audit_events_action index).</summary>
    public virtual string LastOf => "SELECT * FROM audit_events WHERE action = @action ORDER BY at DESC, id DESC LIMIT 1";

    /// <summary>
    /// Only the filters asked for are in the statement, so that each can use its index (envelope,
    /// action and time, actor); a filter written "@p IS NULL OR …" would hide them from the planner.
    /// </summary>
    public virtual string Query(AuditQuery query) => $"SELECT * FROM audit_events WHERE {Where(query)} ORDER BY id LIMIT @Limit";

    protected static string Where(AuditQuery query)
    {
        List<string> conditions = ["id > @AfterId"];
        if (query.Agency is not null)
        {
            conditions.Add(Involves("@Agency"));
        }

        if (query.EnvelopeId is not null)
        {
            conditions.Add("envelope_id = @EnvelopeId");
        }

        if (query.Action is not null)
        {
            conditions.Add("action = @Action");
        }

        if (query.From is not null)
        {
            conditions.Add("at >= @From");
        }

        if (query.To is not null)
        {
            conditions.Add("at < @To");
        }

        if (query.VisibleTo is not null)
        {
            conditions.Add(Involves("@VisibleTo"));
        }

        return string.Join(" AND ", conditions);
    }

    /// <summary>Entries the agency made, or about letters it sent or received.</summary>
    private static string Involves(string agency) =>
        $"(actor = {agency} OR envelope_id IN (SELECT id FROM envelopes WHERE sender_code = {agency})"
        + $" OR envelope_id IN (SELECT envelope_id FROM deliveries WHERE recipient_code = {agency}))";
}

internal sealed class PostgresAuditStatements : AuditStatements
{
    public override string LockChain => "SELECT pg_advisory_xact_lock(7366720462751728995)";
}

internal sealed class SqlServerAuditStatements : AuditStatements
{
    public override string LockChain =>
        "EXEC sp_getapplock @Resource = 'docaxis.audit.chain', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1";

    public override string Head => "SELECT TOP 1 seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC";

    public override string Chain => "SELECT TOP (@limit) * FROM audit_events WHERE seq IS NOT NULL AND seq > @after ORDER BY seq";

    public override string LastSeal => "SELECT TOP 1 * FROM audit_seals ORDER BY seq DESC";

    public override string LastOf => "SELECT TOP 1 * FROM audit_events WHERE action = @action ORDER BY at DESC, id DESC";

    public override string Query(AuditQuery query) => $"SELECT TOP (@Limit) * FROM audit_events WHERE {Where(query)} ORDER BY id";
}
