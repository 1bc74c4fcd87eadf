namespace DocAxis.Storage.Hub;

/// <summary>One job's share of the hub's database (see <see cref="HubStore"/>): the database and its provider's SQL.</summary>
public abstract class HubStorePart
{
    private protected HubStorePart(Database database)
    {
        Database = database;
        Sql = HubStatements.For(database.Provider);
    }

    private protected Database Database { get; }

    private protected HubStatements Sql { get; }
}
