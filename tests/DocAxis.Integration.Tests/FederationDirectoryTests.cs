using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Hub.Telemetry;
using DocAxis.Integration.Tests.Infrastructure;
using static DocAxis.Integration.Tests.Infrastructure.TestFederation;

namespace DocAxis.Integration.Tests;

/// <summary>
/// A directory that federates: each hub's operator enters only the agencies its own nodes host;
/// the national hub copies each province's, and each province copies from the national hub every
/// other agency, as signed, versioned changes with an expiry. A copy that expires keeps routing and
/// raises the alarm.
/// </summary>
[TestClass]
public sealed class FederationDirectoryTests
{
    [TestMethod]
    public async Task EachHubCopiesTheOthersAgenciesAndKnowsWhereEachIsHosted()
    {
        await using var federation = TestFederation.Create("federation-directory");
        await federation.Federation.StartAsync();

        var national = await ListAsync(federation.National);
        Assert.AreEqual(NgheAnHub, national[Commune.Code.Value].ViaHub, "the national hub reaches the commune through Nghệ An's hub");
        Assert.AreEqual(SecondHub, national[Department.Code.Value].ViaHub);
        Assert.AreEqual(string.Empty, national[Ministry.Code.Value].ViaHub);
        Assert.AreNotEqual(string.Empty, national[Ministry.Code.Value].NodeEndpoint, "and hosts the ministry itself");
        Assert.AreEqual(Commune.Name, national[Commune.Code.Value].Name);
        Assert.AreEqual(NgheAn.Code.Value, national[Commune.Code.Value].ParentCode, "with the entry as the province entered it");

        var ngheAn = await ListAsync(federation.NgheAnAxis);
        Assert.AreEqual(NationalHub, ngheAn[Department.Code.Value].ViaHub, "Nghệ An reaches the other province's department through the national hub");
        Assert.AreEqual(NationalHub, ngheAn[Ministry.Code.Value].ViaHub);
        Assert.AreEqual(string.Empty, ngheAn[Commune.Code.Value].ViaHub, "and keeps its own commune at its node");

        // A change at the province reaches the national hub and the other province.
        var renamed = ngheAn[Commune.Code.Value].Clone();
        renamed.Name = "Ủy ban nhân dân phường Nghi Phong";
        await new DirectoryService.DirectoryServiceClient(federation.NgheAnAxis.Clients.Operator()).PutAgencyAsync(new PutAgencyRequest { Agency = renamed });
        await Eventually.WaitAsync(() => ListAsync(federation.SecondAxis), d => d[Commune.Code.Value].Name == renamed.Name, "the rename reaches the other province");
    }

    [TestMethod]
    public async Task AnExpiredCopyKeepsRoutingRaisesTheAlarmAndHealsWhenTheUpstreamReturns()
    {
        var expired = new ConcurrentBag<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == "docaxis.hub.directory.copies.expired")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => expired.Add(value));
        listener.Start();

        await using var federation = TestFederation.Create("federation-expiry");
        federation.National.HubOverrides["Hub:Federation:DirectoryValidity"] = "00:00:03";
        await federation.Federation.StartAsync();
        await federation.National.StopHubAsync();

        var log = federation.NgheAnAxis.LogDirectory;
        await Eventually.WaitAsync(() => Task.FromResult(LogLines(log, "DirectoryCopyExpired")), n => n > 0, "Nghệ An's hub logs that its copy expired", TimeSpan.FromSeconds(30));
        listener.RecordObservableInstruments();
        Assert.IsTrue(expired.Any(v => v >= 1), "the gauge counts the expired copy");

        // Still routing on the last good copy: the department is known, the letter is accepted and waits.
        var commune = new DmsClient(federation.NgheAnAxis.Dms(Commune.Code));
        var folder = Path.Combine(federation.Root, "outgoing");
        var sent = await commune.SendAsync(Commune.Code.Value, TestLetters.Draft([Department], "cong-van.pdf"), [TestLetters.WriteFile(folder, "cong-van.pdf", TestLetters.Content(5000, 44))]);
        Assert.AreEqual(SubmissionState.Queued, sent.State);
        await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.FailedAttempts(t, Department) > 0, "the forward to the stopped national hub is retried");

        await federation.National.StartHubAsync();
        await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.IsDelivered(t, Department), "the letter is delivered once the national hub is back");
        Assert.AreEqual(1, LogLines(log, "DirectoryCopyExpired"), "the expiry was said once");
    }

    private static async Task<Dictionary<string, Agency>> ListAsync(Cli.Local.LoopbackAxis hub) =>
        (await new DirectoryService.DirectoryServiceClient(hub.Clients.Operator()).ListAgenciesAsync(new ListAgenciesRequest { IncludeDisabled = true }))
            .Agencies.ToDictionary(a => a.Code);

    private static int LogLines(string folder, string eventName) =>
        Directory.EnumerateFiles(folder, "hub-*.log").Sum(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var count = 0;
            while (reader.ReadLine() is { } line)
            {
                count += line.Contains($"\"Name\":\"{eventName}\"", StringComparison.Ordinal) ? 1 : 0;
            }

            return count;
        });
}
