using DocAxis.Storage.Node;

namespace DocAxis.Storage.Tests;

/// <summary>A fresh node database in a folder of its own for each test, removed after it.</summary>
public abstract class NodeStoreTest
{
    protected NodeStore Store { get; private set; } = null!;

    /// <summary>The folder holding node.db.</summary>
    protected string Folder { get; private set; } = null!;

    /// <summary>When the test's migrations ran, and its clock's "now".</summary>
    protected abstract DateTimeOffset Now { get; }

    [TestInitialize]
    public async Task CreateStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"{GetType().Name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Folder);
        Store = new NodeStore(new SqliteDatabase(Path.Combine(Folder, "node.db")));
        await Store.MigrateAsync(Now);
    }

    [TestCleanup]
    public void DropStore()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
