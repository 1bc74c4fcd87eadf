using System.Collections.Concurrent;
using Dapper;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The hub survives its PostgreSQL restarting under load: calls fail cleanly with UNAVAILABLE while
/// the database is away and succeed again after, and nothing that was accepted is lost.
/// </summary>
[TestClass]
public sealed class DatabaseOutageTests
{
    private const int Senders = 4;

    private readonly ConcurrentDictionary<string, (SignedManifest Signed, byte[][] Contents, string Outcome)> _letters = new();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task CallsFailWithUnavailableWhileTheDatabaseRestartsAndNothingAcceptedIsLost()
    {
        await using var cluster = TestDatabases.NewPostgresCluster();
        var connection = await CreateDatabaseAsync(cluster.ConnectionString);
        await using var axis = TestAxis.Create("outage");
        axis.Axis.HubOverrides["Hub:Storage:Provider"] = "PostgreSql";
        axis.Axis.HubOverrides["Hub:Storage:ConnectionString"] = connection;
        await axis.StartAsync(TestAxis.Sender);
        var hub = new CatalogueHub(axis);
        var health = new Health.HealthClient(axis.Axis.Clients.Operator());
        var signer = Crypto.Signing.SigningCredential.Load(hub.SenderSigning);
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var seed = sender * 100_000; !stop.IsCancellationRequested; seed++)
            {
                await SubmitAsync(hub, signer, seed);
            }
        })).ToList();

        await WaitForAsync(() => Count("accepted") >= 20, "the hub accepts under load");
        cluster.Stop();
        await WaitForAsync(() => Count("unavailable") >= Senders, "calls fail with UNAVAILABLE while the database is down");
        Assert.AreEqual(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
        var acceptedBefore = Count("accepted");
        cluster.Start();
        await WaitForAsync(() => Count("accepted") >= acceptedBefore + 20, "calls succeed again once the database is back");
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.AreEqual(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        var unclean = _letters.Values.Select(l => l.Outcome).Where(o => o is not ("accepted" or "unavailable")).Distinct().ToList();
        Assert.IsEmpty(unclean, string.Join("; ", unclean));
        // A sender without a receipt submits again; the envelope id makes that safe even if the first commit went through.
        foreach (var (id, letter) in _letters.Where(l => l.Value.Outcome != "accepted"))
        {
            await TestLetters.SubmitAsync(hub.SenderChannel, id, letter.Signed, letter.Contents);
        }

        // Not from a pool: pooled connections opened before the restart are broken.
        await using var database = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ToString());
        var stored = (await database.QueryAsync<string>("SELECT id FROM envelopes")).ToList();
        CollectionAssert.AreEquivalent(_letters.Keys.ToList(), stored, "every letter is stored exactly once, none lost");
        TestContext.WriteLine($"{Count("accepted")} accepted, {Count("unavailable")} refused as UNAVAILABLE during the outage, all {stored.Count} stored after resubmission");
    }

    private async Task SubmitAsync(CatalogueHub hub, Crypto.Signing.SigningCredential signer, int seed)
    {
        var contents = new[] { TestLetters.Content(5_000, seed) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        var signed = TestLetters.Sign(manifest, signer);
        string outcome;
        try
        {
            await TestLetters.SubmitAsync(hub.SenderChannel, manifest.EnvelopeId, signed, contents);
            outcome = "accepted";
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable
                                     && Transport.Refusals.RefusalStatus.FromRpcException(e)?.Reason == RefusalReason.StoreUnavailable)
        {
            outcome = "unavailable";
            await Task.Delay(50);
        }
        catch (RpcException e)
        {
            outcome = $"{e.StatusCode}: {e.Status.Detail}";
        }

        _letters[manifest.EnvelopeId] = (signed, contents, outcome);
    }

    private int Count(string outcome) => _letters.Values.Count(l => l.Outcome == outcome);

    private static Task WaitForAsync(Func<bool> condition, string what) =>
        Eventually.WaitAsync(() => Task.FromResult(condition()), done => done, what, TimeSpan.FromSeconds(90));

    private static async Task<string> CreateDatabaseAsync(string server)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.ExecuteAsync("CREATE DATABASE docaxis_outage");
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = "docaxis_outage" }.ToString();
    }
}
