namespace DocAxis.Storage.Hub;

/// <summary>
/// The hub's SQL, in one place: standard SQL that SQLite and PostgreSQL both run, with the few
/// statements a provider words differently overridden in <see cref="PostgresHubStatements"/> and
/// <see cref="SqlServerHubStatements"/> (as Quartz.NET's StdAdoDelegate and its dialects do).
/// </summary>
internal class HubStatements
{
    public static HubStatements For(StorageProvider provider) => provider switch
    {
        StorageProvider.PostgreSql => new PostgresHubStatements(),
        StorageProvider.SqlServer => new SqlServerHubStatements(),
        _ => new HubStatements(),
    };

    public virtual string PutAgency => """
        INSERT INTO agencies (code, name, level, parent_code, node_endpoint, enabled, created_at, updated_at, legacy_code, via_hub, platform_id, version)
        VALUES (@Code, @Name, @Level, @ParentCode, @NodeEndpoint, @Enabled, @Now, @Now, @LegacyCode, @ViaHub, @PlatformId,
            (SELECT COALESCE(MAX(version), 0) + 1 FROM agencies))
        ON CONFLICT (code) DO UPDATE SET
            name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
            node_endpoint = excluded.node_endpoint, enabled = excluded.enabled, updated_at = excluded.updated_at,
            legacy_code = excluded.legacy_code, via_hub = excluded.via_hub, platform_id = excluded.platform_id, version = excluded.version
        """;

    public virtual string GetAgency => "SELECT * FROM agencies WHERE code = @code";

    public virtual string FindAgencyByLegacyCode => "SELECT * FROM agencies WHERE legacy_code = @legacyCode";

    public virtual string ListAgencies => """
        SELECT * FROM agencies
        WHERE (@level IS NULL OR level = @level) AND (@includeDisabled = 1 OR enabled = 1)
        ORDER BY code
        """;

    public virtual string DisableAgency =>
        "UPDATE agencies SET enabled = 0, updated_at = @now, version = (SELECT COALESCE(MAX(version), 0) + 1 FROM agencies) WHERE code = @code";

    /// <summary>The entries changed after a directory version, in version order: what a peer hub's copy lacks.</summary>
    public virtual string ListChangedAgencies => "SELECT * FROM agencies WHERE version > @since ORDER BY version LIMIT @limit";

    public virtual string FindAgencies => "SELECT * FROM agencies WHERE code IN @codes";

    public virtual string FindEnvelope => "SELECT * FROM envelopes WHERE id = @id";

    public virtual string InsertEnvelope => """
        INSERT INTO envelopes (id, sender_code, subject, manifest, signature, manifest_sha256, acceptance, acceptance_signature, accepted_at,
            business_type, referenced_envelope_id, origin_hub, hops)
        VALUES (@Id, @SenderCode, @Subject, @Manifest, @Signature, @ManifestSha256, @Acceptance, @AcceptanceSignature, @AcceptedAt,
            @BusinessType, @ReferencedEnvelopeId, @OriginHub, @Hops)
        ON CONFLICT (id) DO NOTHING
        """;

    public virtual string InsertAttachment => """
        INSERT INTO attachments (envelope_id, idx, name, media_type, size, sha256)
        VALUES (@EnvelopeId, @Idx, @Name, @MediaType, @Size, @Sha256)
        """;

    public virtual string InsertContent => Blobs.ContentRows.InsertIfAbsent;

    public virtual string InsertDelivery => """
        INSERT INTO deliveries (envelope_id, recipient_code, position, state, attempts, next_attempt_at, accepted_at, lease_owner, lease_until)
        VALUES (@EnvelopeId, @RecipientCode, @Position, 'Pending', 0, @At, @At, @LeaseOwner, @LeaseUntil)
        """;

    /// <summary>A delivery for a recipient that a peer hub forwards a held letter to again (none if it has one).</summary>
    public virtual string AddForwardedDelivery => """
        INSERT INTO deliveries (envelope_id, recipient_code, position, state, attempts, next_attempt_at, accepted_at)
        SELECT @EnvelopeId, @RecipientCode, COALESCE(MAX(position), -1) + 1, 'Pending', 0, @At, @At FROM deliveries WHERE envelope_id = @EnvelopeId
        """;

    /// <summary>Records a timeline event with its letter's sender, whose node follows it by <see cref="ListSentEvents"/>.</summary>
    public virtual string InsertEvent => """
        INSERT INTO delivery_events (envelope_id, recipient_code, kind, attempt, status_code, detail, at, sender_code,
            sender_platform, origin_hub, hub_id, proof, proof_signature, relay_key)
        SELECT @EnvelopeId, @RecipientCode, @Kind, @Attempt, @StatusCode, @Detail, @At, sender_code,
            (SELECT platform_id FROM agencies WHERE agencies.code = envelopes.sender_code),
            origin_hub, @HubId,
            CASE WHEN origin_hub IS NULL AND @Kind <> 'Forwarded' THEN NULL ELSE @Proof END,
            CASE WHEN origin_hub IS NULL AND @Kind <> 'Forwarded' THEN NULL ELSE @ProofSignature END,
            @RelayKey
        FROM envelopes WHERE id = @EnvelopeId
        """;

    public virtual string FindRelayKey => "SELECT COUNT(*) FROM delivery_events WHERE relay_key = @relayKey";

    /// <summary>The timeline events of the letters a peer hub forwarded here, after a keyset cursor of (at, id).</summary>
    public virtual string ListRelayedEvents => """
        SELECT id, envelope_id, recipient_code, kind, attempt, status_code, detail, at, hub_id, proof, proof_signature FROM delivery_events
        WHERE origin_hub = @hub AND (at > @since OR (at = @since AND id > @afterId))
        ORDER BY at, id
        LIMIT @limit
        """;

    /// <summary>A sender's timeline events after a keyset cursor of (at, id), but not the per-recipient acceptances.</summary>
    public virtual string ListSentEvents => """
        SELECT id, envelope_id, recipient_code, kind, attempt, status_code, detail, at, sender_code FROM delivery_events
        WHERE sender_code = @sender AND kind <> 'Accepted' AND (at > @since OR (at = @since AND id > @afterId))
        ORDER BY at, id
        LIMIT @limit
        """;

    /// <summary>The same for every agency a platform node acts for.</summary>
    public virtual string ListPlatformEvents => """
        SELECT id, envelope_id, recipient_code, kind, attempt, status_code, detail, at, sender_code FROM delivery_events
        WHERE sender_platform = @platform AND kind <> 'Accepted' AND (at > @since OR (at = @since AND id > @afterId))
        ORDER BY at, id
        LIMIT @limit
        """;

    public virtual string GetAttachments => "SELECT * FROM attachments WHERE envelope_id = @id ORDER BY idx";

    /// <summary>
    /// Claims due deliveries: pending, due, and not leased by anyone whose lease still runs. (SQLite's
    /// form: its single writer already makes claims exclusive.)
    /// </summary>
    public virtual string LeaseDue => """
        UPDATE deliveries SET lease_owner = @owner, lease_until = @leaseUntil
        WHERE rowid IN (
            SELECT rowid FROM deliveries
            WHERE state = 'Pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
            ORDER BY next_attempt_at
            LIMIT @limit)
        RETURNING envelope_id, recipient_code
        """;

    /// <summary>Claims one pending, unleased delivery whatever its next attempt time: a re-queued one is pushed at once.</summary>
    public virtual string LeaseDelivery => """
        UPDATE deliveries SET lease_owner = @owner, lease_until = @leaseUntil
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode AND state = 'Pending' AND (lease_until IS NULL OR lease_until < @now)
        """;

    public virtual string RenewLease => """
        UPDATE deliveries SET lease_until = @leaseUntil
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode AND lease_owner = @owner AND state = 'Pending'
        """;

    public virtual string ReleaseLeases => "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @owner";

    public virtual string ReleaseEnvelopeLeases =>
        "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE envelope_id = @envelopeId AND lease_owner = @owner";

    public virtual string CountUnfinished => """
        SELECT state, COUNT(*) FROM deliveries WHERE state IN ('Pending', 'Failed') GROUP BY state
        """;

    public virtual string GetDelivery => "SELECT * FROM deliveries WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode";

    /// <summary>The delivery, locked until the transaction ends, so that two status reports are applied one after the other.</summary>
    public virtual string GetDeliveryForUpdate => GetDelivery;

    public virtual string ListFailed => ListFailedRows + "\nLIMIT @limit OFFSET @offset";

    protected const string ListFailedRows = """
        SELECT d.envelope_id, d.recipient_code, e.sender_code, e.subject, d.attempts, d.last_error, d.accepted_at, d.failed_at
        FROM deliveries d JOIN envelopes e ON e.id = d.envelope_id
        WHERE d.state = 'Failed' AND (@recipient IS NULL OR d.recipient_code = @recipient) AND (@sender IS NULL OR e.sender_code = @sender)
        ORDER BY d.failed_at DESC, d.envelope_id, d.recipient_code
        """;

    public virtual string GetDeliveries => "SELECT * FROM deliveries WHERE envelope_id = @id ORDER BY position";

    /// <summary>A letter's deliveries, locked until the transaction ends (an amendment marks them).</summary>
    public virtual string GetDeliveriesForUpdate => GetDeliveries;

    public virtual string GetEvents => "SELECT * FROM delivery_events WHERE envelope_id = @id ORDER BY id";

    public virtual string MarkDelivered => """
        UPDATE deliveries
        SET state = 'Delivered', delivered_at = @At, receipt = @Receipt, receipt_signature = @ReceiptSignature,
            attempts = @Attempt, next_attempt_at = NULL, last_error = NULL, lease_owner = NULL, lease_until = NULL
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode AND state = 'Pending'
        """;

    /// <summary>Handed to the next hub: pending until the recipient's receipt comes back, and never attempted again meanwhile.</summary>
    public virtual string MarkForwarded => """
        UPDATE deliveries
        SET forwarded_to = @HubId, attempts = COALESCE(@Attempt, attempts), next_attempt_at = NULL, last_error = NULL, lease_owner = NULL, lease_until = NULL
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode AND state = 'Pending' AND forwarded_to IS NULL
        """;

    /// <summary>Not once the next hub confirmed it holds the letter: a forward it took is never retried.</summary>
    public virtual string MarkAttemptFailed => """
        UPDATE deliveries
        SET attempts = @Attempt, last_error = @Error, next_attempt_at = @NextAt, lease_owner = NULL, lease_until = NULL
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode AND state = 'Pending' AND forwarded_to IS NULL
        """;

    public virtual string MarkFailed => """
        UPDATE deliveries
        SET state = 'Failed', failed_at = @At, attempts = @Attempt, last_error = @Error,
            next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode AND state = 'Pending'
        """;

    /// <summary>Only a failed delivery is re-queued; it starts afresh: no attempts, due now, retried until the give-up age from now.</summary>
    public virtual string Requeue => """
        UPDATE deliveries
        SET state = 'Pending', attempts = 0, next_attempt_at = @At, requeued_at = @At, last_error = NULL, failed_at = NULL,
            lease_owner = NULL, lease_until = NULL, forwarded_to = NULL
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode AND state = 'Failed'
        """;

    /// <summary>A letter's signed reports in the order they were recorded (a later status never sorts first in a tie).</summary>
    public virtual string PutPeerHub => """
        INSERT INTO peer_hubs (hub_id, name, endpoint, enabled, created_at, updated_at)
        VALUES (@HubId, @Name, @Endpoint, @Enabled, @Now, @Now)
        ON CONFLICT (hub_id) DO UPDATE SET
            name = excluded.name, endpoint = excluded.endpoint, enabled = excluded.enabled, updated_at = excluded.updated_at
        """;

    public virtual string ListStatusReports => """
        SELECT recipient_code, body, signature FROM status_reports WHERE envelope_id = @id ORDER BY recorded_at, status_code
        """;

    public virtual string FindStatusReport => "SELECT envelope_id, recipient_code, status_code, recorded_at FROM status_reports WHERE report_id = @id";

    public virtual string InsertStatusReport => """
        INSERT INTO status_reports (report_id, envelope_id, recipient_code, status_code, body, signature, recorded_at)
        VALUES (@ReportId, @EnvelopeId, @RecipientCode, @StatusCode, @Body, @Signature, @RecordedAt)
        """;

    public virtual string SetAmendment => """
        UPDATE deliveries SET amendment = @Amendment, amended_by = @AmendedBy
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode
        """;

    /// <summary>The recipient answered the amendment: nothing awaits it any more, and the status is what the answer leaves.</summary>
    public virtual string AnswerAmendment => """
        UPDATE deliveries SET amendment = NULL, amended_by = NULL, status_code = @StatusCode
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode
        """;

    public virtual string SetStatus => """
        UPDATE deliveries SET status_code = @StatusCode
        WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode
        """;
}
