using Microsoft.Data.Sqlite;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>
/// Reads the hub's (or a node's) SQLite file directly, bypassing DocAxis's own storage code, so that "nothing was
/// stored" is checked by an independent reader.
/// </summary>
public sealed class HubInspector(string hubDataDirectory, string databaseFile = "hub.db")
{
    public string DatabasePath => Path.Combine(hubDataDirectory, databaseFile);

    public string ContentRoot => Path.Combine(hubDataDirectory, "content");

    public long Count(string table, string envelopeColumn, string envelopeId) =>
        Scalar($"SELECT COUNT(*) FROM {table} WHERE {envelopeColumn} = $id", envelopeId);

    public long Envelopes(string envelopeId) => Count("envelopes", "id", envelopeId);

    public long Deliveries(string envelopeId) => Count("deliveries", "envelope_id", envelopeId);

    public long Attachments(string envelopeId) => Count("attachments", "envelope_id", envelopeId);

    public long AllEnvelopes() => Scalar("SELECT COUNT(*) FROM envelopes", null);

    public long Scalar(string sql) => Scalar(sql, null);

    /// <summary>The text in the first column of the first row <paramref name="sql"/> returns.</summary>
    public string Text(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>The values of <paramref name="column"/> in rows where <paramref name="filter"/> equals <paramref name="value"/>, duplicates kept.</summary>
    public List<string> Ids(string table, string column, string filter, string value)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM {table} WHERE {filter} = $value";
        command.Parameters.AddWithValue("$value", value);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Exchange-log entries about one letter, or by one actor: "action outcome reason" each.</summary>
    public List<string> AuditEntries(string? envelopeId = null, string? actor = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT action || ' ' || outcome || ' ' || COALESCE(reason, '') FROM audit_events
            WHERE ($envelope IS NULL OR envelope_id = $envelope) AND ($actor IS NULL OR actor = $actor) ORDER BY id
            """;
        command.Parameters.AddWithValue("$envelope", (object?)envelopeId ?? DBNull.Value);
        command.Parameters.AddWithValue("$actor", (object?)actor ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var entries = new List<string>();
        while (reader.Read())
        {
            entries.Add(reader.GetString(0).TrimEnd());
        }

        return entries;
    }

    public byte[]? ManifestSha256(string envelopeId) => Bytes("SELECT manifest_sha256 FROM envelopes WHERE id = $key", envelopeId);

    /// <summary>Files left in the upload staging area (an abandoned or refused upload would show here).</summary>
    public int StagedFiles() => Directory.Exists(Path.Combine(ContentRoot, "staging"))
        ? Directory.GetFiles(Path.Combine(ContentRoot, "staging")).Length
        : 0;

    /// <summary>Whether the content is stored: as a file in the blob store, or (64 KB or less) in the contents table.</summary>
    public bool HasBlob(byte[] sha256)
    {
        var hex = Convert.ToHexStringLower(sha256);
        return File.Exists(Path.Combine(ContentRoot, "blobs", hex[..2], hex[2..4], hex)) || InlineContent(hex) is not null;
    }

    /// <summary>The content kept in the database row for this SHA-256 (hex), or null.</summary>
    public byte[]? InlineContent(string sha256Hex) => Bytes("SELECT content FROM contents WHERE sha256 = $key", sha256Hex);

    /// <summary>Content files in the blob store (small content is kept in the database instead).</summary>
    public int BlobFiles() => Directory.Exists(Path.Combine(ContentRoot, "blobs"))
        ? Directory.GetFiles(Path.Combine(ContentRoot, "blobs"), "*", SearchOption.AllDirectories).Length
        : 0;

    /// <summary>Asserts that no trace of the letter was committed: no envelope, delivery or attachment row, no staged file.</summary>
    public void AssertNothingStored(string envelopeId)
    {
        Assert.AreEqual(0L, Envelopes(envelopeId), "envelope rows");
        Assert.AreEqual(0L, Deliveries(envelopeId), "delivery rows");
        Assert.AreEqual(0L, Attachments(envelopeId), "attachment rows");
        Assert.AreEqual(0, StagedFiles(), "staged uploads");
    }

    private byte[]? Bytes(string sql, string key)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as byte[];
    }

    private long Scalar(string sql, string? envelopeId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (envelopeId is not null)
        {
            command.Parameters.AddWithValue("$id", envelopeId);
        }

        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
