namespace DocAxis.Storage;

/// <summary>The databases DocAxis runs on.</summary>
public enum StorageProvider
{
    /// <summary>The embedded default: nodes, the demo, and a hub on one machine.</summary>
    Sqlite,

    /// <summary>The production hub store; several hub instances share one.</summary>
    PostgreSql,

    /// <summary>For agencies that standardise on it.</summary>
    SqlServer,
}
