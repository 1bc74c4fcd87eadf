namespace DocAxis.Storage.Statistics;

/// <summary>The statistics' SQL: standard, with SQL Server's words for LIMIT and upserts.</summary>
internal class StatisticsStatements
{
    public static StatisticsStatements For(StorageProvider provider) =>
        provider == StorageProvider.SqlServer ? new SqlServerStatisticsStatements() : new StatisticsStatements();

    public virtual string Progress => "SELECT last_event_id, updated_at FROM stats_progress WHERE id = 1";

    /// <summary>Moves the watermark only if nobody else did since it was read: two runs never count an event twice.</summary>
    public virtual string Advance => "UPDATE stats_progress SET last_event_id = @Next, updated_at = @Now WHERE id = 1 AND last_event_id = @Previous";

    /// <summary>The events after the watermark with what attributing them needs: sender, recipient, their levels, the acceptance time.</summary>
    public virtual string EventsAfter => """
        SELECT e.id, e.kind, e.status_code, e.at, e.recipient_code, d.position, d.accepted_at, v.sender_code,
               s.level AS sender_level, r.level AS recipient_level
        FROM delivery_events e
        JOIN deliveries d ON d.envelope_id = e.envelope_id AND d.recipient_code = e.recipient_code
        JOIN envelopes v ON v.id = e.envelope_id
        LEFT JOIN agencies s ON s.code = v.sender_code
        LEFT JOIN agencies r ON r.code = e.recipient_code
        WHERE e.id > @after
        ORDER BY e.id
        LIMIT @limit
        """;

    public virtual string AddTotals => """
        INSERT INTO stats_totals (scope, granularity, period, sent, received, failed)
        VALUES (@Scope, @Granularity, @Period, @Sent, @Received, @Failed)
        ON CONFLICT (scope, granularity, period) DO UPDATE SET
            sent = stats_totals.sent + excluded.sent,
            received = stats_totals.received + excluded.received,
            failed = stats_totals.failed + excluded.failed
        """;

    public virtual string AddDurations => """
        INSERT INTO stats_durations (scope, granularity, period, metric, bucket, count)
        VALUES (@Scope, @Granularity, @Period, @Metric, @Bucket, @Count)
        ON CONFLICT (scope, granularity, period, metric, bucket) DO UPDATE SET count = stats_durations.count + excluded.count
        """;

    public virtual string Totals => """
        SELECT * FROM stats_totals
        WHERE scope = @scope AND granularity = @granularity AND period >= @from AND period <= @to
        """;

    public virtual string Durations => """
        SELECT * FROM stats_durations
        WHERE scope = @scope AND granularity = @granularity AND period >= @from AND period <= @to
        """;

    public virtual string PutPaper => """
        INSERT INTO paper_reports (agency_code, month, paper_sent, reported_by, reported_at)
        VALUES (@AgencyCode, @Month, @PaperSent, @ReportedBy, @ReportedAt)
        ON CONFLICT (agency_code, month) DO UPDATE SET
            paper_sent = excluded.paper_sent, reported_by = excluded.reported_by, reported_at = excluded.reported_at
        """;

    public virtual string GetPaper => "SELECT paper_sent FROM paper_reports WHERE agency_code = @AgencyCode AND month = @Month";

    /// <summary>Paper counts per month for one agency, one level of government (by the directory today) or everyone.</summary>
    public virtual string Paper => """
        SELECT p.month, SUM(p.paper_sent) AS paper_sent, COUNT(*) AS reports
        FROM paper_reports p
        WHERE p.month >= @from AND p.month <= @to
          AND (@agency IS NULL OR p.agency_code = @agency)
          AND (@level IS NULL OR p.agency_code IN (SELECT code FROM agencies WHERE level = @level))
        GROUP BY p.month
        """;

    /// <summary>What a full recomputation starts from: no figures, and every event still to count.</summary>
    public virtual IReadOnlyList<string> Clear =>
        ["DELETE FROM stats_totals", "DELETE FROM stats_durations", "UPDATE stats_progress SET last_event_id = 0, updated_at = @Now WHERE id = 1"];
}

/// <summary>SQL Server: TOP for LIMIT, MERGE for the upserts.</summary>
internal sealed class SqlServerStatisticsStatements : StatisticsStatements
{
    public override string EventsAfter => base.EventsAfter.Replace("SELECT e.id", "SELECT TOP (@limit) e.id", StringComparison.Ordinal)
        .Replace("\nLIMIT @limit", string.Empty, StringComparison.Ordinal);

    public override string AddTotals => """
        MERGE stats_totals WITH (HOLDLOCK) AS t
        USING (SELECT @Scope AS scope, @Granularity AS granularity, @Period AS period) AS s
        ON t.scope = s.scope AND t.granularity = s.granularity AND t.period = s.period
        WHEN MATCHED THEN UPDATE SET sent = t.sent + @Sent, received = t.received + @Received, failed = t.failed + @Failed
        WHEN NOT MATCHED THEN INSERT (scope, granularity, period, sent, received, failed)
            VALUES (@Scope, @Granularity, @Period, @Sent, @Received, @Failed);
        """;

    public override string AddDurations => """
        MERGE stats_durations WITH (HOLDLOCK) AS t
        USING (SELECT @Scope AS scope, @Granularity AS granularity, @Period AS period, @Metric AS metric, @Bucket AS bucket) AS s
        ON t.scope = s.scope AND t.granularity = s.granularity AND t.period = s.period AND t.metric = s.metric AND t.bucket = s.bucket
        WHEN MATCHED THEN UPDATE SET count = t.count + @Count
        WHEN NOT MATCHED THEN INSERT (scope, granularity, period, metric, bucket, count)
            VALUES (@Scope, @Granularity, @Period, @Metric, @Bucket, @Count);
        """;

    public override string PutPaper => """
        MERGE paper_reports WITH (HOLDLOCK) AS t
        USING (SELECT @AgencyCode AS agency_code, @Month AS month) AS s
        ON t.agency_code = s.agency_code AND t.month = s.month
        WHEN MATCHED THEN UPDATE SET paper_sent = @PaperSent, reported_by = @ReportedBy, reported_at = @ReportedAt
        WHEN NOT MATCHED THEN INSERT (agency_code, month, paper_sent, reported_by, reported_at)
            VALUES (@AgencyCode, @Month, @PaperSent, @ReportedBy, @ReportedAt);
        """;
}
