using DocAxis.Storage;

namespace DocAxis.Hub.Options;

/// <summary>Where the hub keeps its state, section "Hub:Storage".</summary>
public sealed class StorageOptions
{
    /// <summary>Sqlite (one machine), PostgreSql (production, several instances) or SqlServer.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// For PostgreSql and SqlServer, the connection string. For Sqlite, the database file;
    /// empty for hub.db in the data directory.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Folder of attachment content; empty for "content" in the data directory. Several hub
    /// instances must share it (a shared volume), as they share the database.
    /// </summary>
    public string ContentDirectory { get; set; } = string.Empty;

    public Database Open(string dataDirectory) => Provider == StorageProvider.Sqlite
        ? new SqliteDatabase(ConnectionString.Length > 0 ? ConnectionString : Path.Combine(dataDirectory, "hub.db"))
        : Database.Create(Provider, ConnectionString);

    public string Content(string dataDirectory) =>
        Path.GetFullPath(ContentDirectory.Length > 0 ? ContentDirectory : Path.Combine(dataDirectory, "content"));
}
