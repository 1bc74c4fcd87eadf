namespace DocAxis.Storage.Hub;

/// <summary>Where SQL Server differs: MERGE for upserts, OUTPUT for RETURNING, TOP for LIMIT, lock hints for leasing.</summary>
internal sealed class SqlServerHubStatements : HubStatements
{
    public override string ListFailed => ListFailedRows + "\nOFFSET @offset ROWS FETCH NEXT @limit ROWS ONLY";

    public override string PutAgency => """
        DECLARE @version BIGINT = (SELECT COALESCE(MAX(version), 0) + 1 FROM agencies WITH (UPDLOCK, HOLDLOCK));
        MERGE agencies WITH (HOLDLOCK) AS target
        USING (SELECT @Code AS code) AS source ON target.code = source.code
        WHEN MATCHED THEN UPDATE SET
            name = @Name, level = @Level, parent_code = @ParentCode, node_endpoint = @NodeEndpoint, enabled = @Enabled, updated_at = @Now,
            legacy_code = @LegacyCode, via_hub = @ViaHub, platform_id = @PlatformId, version = @version
        WHEN NOT MATCHED THEN INSERT (code, name, level, parent_code, node_endpoint, enabled, created_at, updated_at, legacy_code, via_hub, platform_id, version)
            VALUES (@Code, @Name, @Level, @ParentCode, @NodeEndpoint, @Enabled, @Now, @Now, @LegacyCode, @ViaHub, @PlatformId, @version);
        """;

    public override string InsertEnvelope => """
        IF NOT EXISTS (SELECT 1 FROM envelopes WITH (UPDLOCK, HOLDLOCK) WHERE id = @Id)
            INSERT INTO envelopes (id, sender_code, subject, manifest, signature, manifest_sha256, acceptance, acceptance_signature, accepted_at,
                business_type, referenced_envelope_id, origin_hub, hops)
            VALUES (@Id, @SenderCode, @Subject, @Manifest, @Signature, @ManifestSha256, @Acceptance, @AcceptanceSignature, @AcceptedAt,
                @BusinessType, @ReferencedEnvelopeId, @OriginHub, @Hops)
        """;

    public override string InsertContent => """
        IF NOT EXISTS (SELECT 1 FROM contents WITH (UPDLOCK, HOLDLOCK) WHERE sha256 = @Sha256Hex)
            INSERT INTO contents (sha256, content) VALUES (@Sha256Hex, @Content)
        """;

    /// <summary>READPAST skips rows other instances hold; UPDLOCK keeps two instances from claiming the same row.</summary>
    public override string LeaseDue => """
        WITH due AS (
            SELECT TOP (@limit) * FROM deliveries WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE state = 'Pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
            ORDER BY next_attempt_at)
        UPDATE due SET lease_owner = @owner, lease_until = @leaseUntil
        OUTPUT inserted.envelope_id, inserted.recipient_code
        """;

    public override string ListSentEvents => """
        SELECT TOP (@limit) id, envelope_id, recipient_code, kind, attempt, status_code, detail, at, sender_code FROM delivery_events
        WHERE sender_code = @sender AND kind <> 'Accepted' AND (at > @since OR (at = @since AND id > @afterId))
        ORDER BY at, id
        """;

    public override string ListPlatformEvents => """
        SELECT TOP (@limit) id, envelope_id, recipient_code, kind, attempt, status_code, detail, at, sender_code FROM delivery_events
        WHERE sender_platform = @platform AND kind <> 'Accepted' AND (at > @since OR (at = @since AND id > @afterId))
        ORDER BY at, id
        """;

    public override string ListRelayedEvents => """
        SELECT TOP (@limit) id, envelope_id, recipient_code, kind, attempt, status_code, detail, at, hub_id, proof, proof_signature FROM delivery_events
        WHERE origin_hub = @hub AND (at > @since OR (at = @since AND id > @afterId))
        ORDER BY at, id
        """;

    public override string ListChangedAgencies => "SELECT TOP (@limit) * FROM agencies WHERE version > @since ORDER BY version";

    public override string PutPeerHub => """
        MERGE peer_hubs WITH (HOLDLOCK) AS target
        USING (SELECT @HubId AS hub_id) AS source ON target.hub_id = source.hub_id
        WHEN MATCHED THEN UPDATE SET name = @Name, endpoint = @Endpoint, enabled = @Enabled, updated_at = @Now
        WHEN NOT MATCHED THEN INSERT (hub_id, name, endpoint, enabled, created_at, updated_at)
            VALUES (@HubId, @Name, @Endpoint, @Enabled, @Now, @Now);
        """;

    public override string GetDeliveriesForUpdate =>
        "SELECT * FROM deliveries WITH (UPDLOCK, ROWLOCK) WHERE envelope_id = @id ORDER BY position";

    public override string GetDeliveryForUpdate =>
        "SELECT * FROM deliveries WITH (UPDLOCK, ROWLOCK) WHERE envelope_id = @EnvelopeId AND recipient_code = @RecipientCode";
}
