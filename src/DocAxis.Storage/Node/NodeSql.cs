namespace DocAxis.Storage.Node;

/// <summary>An agency node's SQL for SQLite, in one place.</summary>
internal static class NodeSql
{
    public const string InsertOutbox = """
        INSERT INTO outbox (envelope_id, agency_code, subject, manifest, signature, manifest_sha256, state, attempts, next_attempt_at, queued_at, document_id, number, notation, search_text)
        VALUES (@EnvelopeId, @AgencyCode, @Subject, @Manifest, @Signature, @ManifestSha256, 'Queued', 0, @NextAttemptAt, @QueuedAt, @DocumentId, @Number, @Notation, @SearchText)
        ON CONFLICT (envelope_id) DO NOTHING
        """;

    public const string InsertSentDelivery = """
        INSERT INTO sent_deliveries (envelope_id, recipient_code, state, updated_at) VALUES (@EnvelopeId, @RecipientCode, 'Pending', @At)
        """;

    public const string InsertOutboxContent = """
        INSERT INTO outbox_attachments (envelope_id, idx, size, sha256) VALUES (@EnvelopeId, @Idx, @Size, @Sha256)
        """;

    public const string GetOutbox = "SELECT * FROM outbox WHERE envelope_id = @id";

    /// <summary>The latest letter an agency sent under an edXML DocumentId (a DMS may reuse one for a corrected letter).</summary>
    public const string FindOutboxByDocument = """
        SELECT * FROM outbox WHERE agency_code = @agency AND document_id = @documentId ORDER BY queued_at DESC LIMIT 1
        """;

    /// <summary>The latest letter an agency received from a sender under an edXML DocumentId.</summary>
    public const string FindInboxByDocument = """
        SELECT * FROM inbox WHERE agency_code = @agency AND document_id = @documentId AND sender_code = @sender ORDER BY received_at DESC LIMIT 1
        """;

    public const string GetOutboxContent = "SELECT idx, size, sha256 FROM outbox_attachments WHERE envelope_id = @id ORDER BY idx";

    public const string DueOutbox = """
        SELECT * FROM outbox WHERE state = 'Queued' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit
        """;

    /// <summary>The next queued letter not due yet: those due now are being sent or wait for a free slot.</summary>
    public const string NextOutboxDue = "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'Queued' AND next_attempt_at > @now";

    public const string MarkAccepted = """
        UPDATE outbox SET state = 'Accepted', accepted_at = @AcceptedAt, acceptance = @Acceptance,
            acceptance_signature = @AcceptanceSignature, attempts = attempts + 1, last_error = NULL
        WHERE envelope_id = @EnvelopeId AND state = 'Queued'
        """;

    public const string MarkSubmitRetry = """
        UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @NextAt, last_error = @Error
        WHERE envelope_id = @EnvelopeId AND state = 'Queued'
        """;

    public const string MarkRefused = """
        UPDATE outbox SET state = 'Refused', attempts = attempts + 1, last_error = @Error
        WHERE envelope_id = @EnvelopeId AND state = 'Queued'
        """;

    public const string FindInbox = "SELECT * FROM inbox WHERE envelope_id = @EnvelopeId AND agency_code = @AgencyCode";

    public const string InsertInbox = """
        INSERT INTO inbox (envelope_id, agency_code, sender_code, sender_name, subject, number, notation, urgency,
            manifest, signature, manifest_sha256, acceptance, acceptance_signature, receipt, receipt_signature,
            received_at, attachment_count, total_size, business_type, referenced_envelope_id, document_id, search_text)
        VALUES (@EnvelopeId, @AgencyCode, @SenderCode, @SenderName, @Subject, @Number, @Notation, @Urgency,
            @Manifest, @Signature, @ManifestSha256, @Acceptance, @AcceptanceSignature, @Receipt, @ReceiptSignature,
            @ReceivedAt, @AttachmentCount, @TotalSize, @BusinessType, @ReferencedEnvelopeId, @DocumentId, @SearchText)
        ON CONFLICT (envelope_id, agency_code) DO NOTHING
        """;

    public const string InsertInboxContent = """
        INSERT INTO inbox_attachments (envelope_id, agency_code, idx, size, sha256)
        VALUES (@EnvelopeId, @AgencyCode, @Idx, @Size, @Sha256)
        """;

    public const string GetInboxContent = """
        SELECT idx, size, sha256 FROM inbox_attachments WHERE envelope_id = @EnvelopeId AND agency_code = @AgencyCode ORDER BY idx
        """;

    public const string ListInbox = """
        SELECT * FROM inbox
        WHERE agency_code = @agency AND received_at > @after AND (@unreportedOnly = 0 OR status_code IS NULL)
        ORDER BY received_at, envelope_id
        LIMIT @limit
        """;

    public const string SetInboxStatus = "UPDATE inbox SET status_code = @StatusCode WHERE envelope_id = @EnvelopeId AND agency_code = @AgencyCode";

    /// <summary>A revoke, update or replace letter arrived: the earlier letter, if this agency has it, awaits an answer.</summary>
    public const string MarkAmended = """
        UPDATE inbox SET amendment = @BusinessType, amended_by = @EnvelopeId
        WHERE envelope_id = @ReferencedEnvelopeId AND agency_code = @AgencyCode AND sender_code = @SenderCode
        """;

    public const string AnswerAmendment = """
        UPDATE inbox SET amendment = NULL, amended_by = NULL, status_code = @StatusCode
        WHERE envelope_id = @EnvelopeId AND agency_code = @AgencyCode
        """;

    public const string FindStatusReport = "SELECT * FROM status_outbox WHERE report_id = @id";

    public const string InsertStatusReport = """
        INSERT INTO status_outbox (report_id, envelope_id, agency_code, status_code, body, signature, state, attempts, next_attempt_at, queued_at)
        VALUES (@ReportId, @EnvelopeId, @AgencyCode, @StatusCode, @Body, @Signature, 'Queued', 0, @QueuedAt, @QueuedAt)
        """;

    /// <summary>Due reports, but only the oldest queued one per letter: the hub must see 01 before 06.</summary>
    public const string DueStatusReports = $"""
        SELECT s.* FROM status_outbox s
        WHERE s.next_attempt_at <= @now AND {FirstQueuedOfItsLetter}
        ORDER BY s.rowid
        LIMIT @limit
        """;

    /// <summary>
    /// When the next report <see cref="DueStatusReports"/> can return is due: a later report of a
    /// letter waits for the earlier one's retry, whenever it was itself queued.
    /// </summary>
    public const string NextStatusDue = $"SELECT MIN(s.next_attempt_at) FROM status_outbox s WHERE {FirstQueuedOfItsLetter}";

    /// <summary>Report <c>s</c> is queued and no earlier report of the same letter still is.</summary>
    private const string FirstQueuedOfItsLetter = """
        s.state = 'Queued'
          AND NOT EXISTS (
              SELECT 1 FROM status_outbox e
              WHERE e.envelope_id = s.envelope_id AND e.agency_code = s.agency_code AND e.state = 'Queued' AND e.rowid < s.rowid)
        """;

    public const string MarkStatusSent = """
        UPDATE status_outbox SET state = 'Sent', sent_at = @At, attempts = attempts + 1, last_error = NULL WHERE report_id = @ReportId
        """;

    public const string MarkStatusRetry = """
        UPDATE status_outbox SET attempts = attempts + 1, next_attempt_at = @NextAt, last_error = @Error WHERE report_id = @ReportId
        """;

    public const string MarkStatusRefused = """
        UPDATE status_outbox SET state = 'Refused', attempts = attempts + 1, last_error = @Error WHERE report_id = @ReportId
        """;
}
