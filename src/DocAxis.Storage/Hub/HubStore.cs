using DocAxis.Storage.Audit;
using DocAxis.Storage.Blobs;

namespace DocAxis.Storage.Hub;

/// <summary>
/// The hub's durable state, one database split by job: the agency <see cref="Directory"/>, the
/// accepted <see cref="Letters"/>, the <see cref="Deliveries"/> queue and timelines, the recipients'
/// <see cref="Statuses"/>, the exchange log and the statistics.
/// </summary>
public sealed class HubStore : IAuditLog, IInlineContent
{
    public const string Schema = "Hub";

    public HubStore(Database database)
    {
        Database = database;
        Directory = new AgencyDirectory(database);
        Letters = new LetterStore(database);
        Deliveries = new DeliveryQueue(database);
        Failed = new FailedDeliveries(database);
        Instances = new HubInstances(database);
        Statuses = new StatusReports(database);
        Peers = new PeerHubs(database);
        Relayed = new RelayedEvents(database);
        Audit = new AuditLog(database);
        Statistics = new Statistics.StatisticsStore(database);
        Accounts = new Accounts.ConsoleAccounts(database);
    }

    /// <summary>The operators and auditors who sign in to the hub's console.</summary>
    public Accounts.ConsoleAccounts Accounts { get; }

    public Database Database { get; }

    public AgencyDirectory Directory { get; }

    public LetterStore Letters { get; }

    public DeliveryQueue Deliveries { get; }

    /// <summary>The failed deliveries, as the operators' queue lists them.</summary>
    public FailedDeliveries Failed { get; }

    /// <summary>The hub processes sharing this database and their heartbeats.</summary>
    public HubInstances Instances { get; }

    public StatusReports Statuses { get; }

    /// <summary>The other hubs letters are forwarded to and taken from.</summary>
    public PeerHubs Peers { get; }

    /// <summary>What peer hubs report of the letters forwarded to them, applied here.</summary>
    public RelayedEvents Relayed { get; }

    /// <summary>The exchange log, in the same database.</summary>
    public AuditLog Audit { get; }

    /// <summary>The exchange statistics and the paper counts, in the same database.</summary>
    public Statistics.StatisticsStore Statistics { get; }

    public Task MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Database.MigrateAsync(Schema, now, cancellationToken);

    /// <summary>Small attachment content, kept in the database (see <see cref="BlobStore.InlineLimit"/>).</summary>
    public Task<byte[]?> FindContentAsync(string sha256Hex, CancellationToken cancellationToken) =>
        Letters.FindContentAsync(sha256Hex, cancellationToken);

    /// <summary>Appends a batch of exchange-log entries to the chain, in one transaction.</summary>
    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> records) => Audit.AppendAuditAsync(records);
}
