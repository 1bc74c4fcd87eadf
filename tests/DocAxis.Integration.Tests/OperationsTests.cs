using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DocAxis.Hub.Telemetry;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace DocAxis.Integration.Tests;

/// <summary>A hub is operable like any gRPC service: health checking, reflection, metrics.</summary>
[TestClass]
public sealed class OperationsTests
{
    [TestMethod]
    public async Task TheHealthServiceSaysServingWhileTheDatabaseAnswers()
    {
        await using var axis = TestAxis.Create("health");
        await axis.StartAsync(TestAxis.Sender);

        var answer = await new Health.HealthClient(axis.Axis.Clients.Operator()).CheckAsync(new HealthCheckRequest());

        Assert.AreEqual(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    [TestMethod]
    public async Task ReflectionListsThePublicApi()
    {
        await using var axis = TestAxis.Create("reflection");
        await axis.StartAsync(TestAxis.Sender);
        using var call = new ServerReflection.ServerReflectionClient(axis.Axis.Clients.Operator()).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.IsTrue(await call.ResponseStream.MoveNext());

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        CollectionAssert.IsSubsetOf(
            new[] { "docaxis.v1.SubmissionService", "docaxis.v1.StatusService", "docaxis.v1.TraceService", "docaxis.v1.DirectoryService", "grpc.health.v1.Health" },
            services);
    }

    [TestMethod]
    public async Task MetricsCountAcceptedLettersRefusalsByReasonAndDeliveries()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HubMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        await using var axis = TestAxis.Create("metrics");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var hub = new CatalogueHub(axis);

        var (good, contents) = CatalogueHub.Letter(801);
        await hub.SubmitAsync(good, contents);
        var (secret, secretContents) = CatalogueHub.Letter(802);
        secret.Classification = Contracts.V1.Classification.Secret;
        await Assert.ThrowsExactlyAsync<RpcException>(() => hub.SubmitAsync(secret, secretContents));
        await Eventually.WaitAsync(
            () => Task.FromResult(measurements.Any(m => m.Instrument == "docaxis.hub.delivery.latency")), d => d, "the delivery is measured");

        Assert.AreEqual(1, measurements.Count(m => m.Instrument == "docaxis.hub.letters.accepted"));
        Assert.AreEqual(1, measurements.Count(m => m.Instrument == "docaxis.hub.submission.duration"));
        Assert.AreEqual(1, measurements.Count(m => m.Instrument == "docaxis.hub.refusals" && m.Tags.Contains("reason=CLASSIFIED_DOCUMENT", StringComparison.Ordinal)));
        Assert.AreEqual(1, measurements.Count(m => m.Instrument == "docaxis.hub.delivery.attempts" && m.Tags == "outcome=delivered"));
        listener.RecordObservableInstruments();
        Assert.IsTrue(measurements.Any(m => m.Instrument == "docaxis.hub.deliveries.pending"), "the gauges report");
    }
}
