using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;

namespace DocAxis.Integration.Tests;

/// <summary>A hub on PostgreSQL, the production store, with its Quartz scheduler clustered on the same database.</summary>
[TestClass]
public sealed class PostgresHubTests
{
    [TestMethod]
    public async Task AHubOnPostgresDeliversRetriesAndRecordsStatuses()
    {
        var connection = await TestDatabases.NewPostgresAsync("hub");
        await using var axis = TestAxis.Create("postgres-hub");
        axis.Axis.HubOverrides["Hub:Storage:Provider"] = "PostgreSql";
        axis.Axis.HubOverrides["Hub:Storage:ConnectionString"] = connection;
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));

        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First, TestAxis.Second], "a.pdf"),
            [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "a.pdf", TestLetters.Content(300_000, 701))]);
        await Traces.WaitAsync(sender, sent.EnvelopeId,
            t => Traces.IsDelivered(t, TestAxis.First) && Traces.FailedAttempts(t, TestAxis.Second) >= 2, "the clustered retry job retries the offline recipient");
        await axis.Axis.StartNodeAsync(TestAxis.Second.Code);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.Second), "the retry delivers it");
        await new DmsClient(axis.Axis.Dms(TestAxis.Second.Code)).ReportAsync(TestAxis.Second.Code.Value, sent.EnvelopeId, "01", "Đã nhận");
        var trace = await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.HasStatus(t, TestAxis.Second, "01"), "the status reaches the sender");

        Assert.AreEqual(DeliveryState.Delivered, Traces.Of(trace, TestAxis.Second)!.State);
        await using var database = new Npgsql.NpgsqlConnection(connection);
        await database.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM qrtz_scheduler_state", database);
        Assert.AreEqual(1L, (long)(await count.ExecuteScalarAsync())!, "the hub checked in to the clustered scheduler");
    }
}
