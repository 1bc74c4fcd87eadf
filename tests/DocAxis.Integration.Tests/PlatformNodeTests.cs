using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Signing;
using DocAxis.Transport.Tls;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using GovernmentLevel = DocAxis.Core.Agencies.GovernmentLevel;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// A province's platform node hosts many agencies with one TLS identity of its own, which the
/// directory names as each hosted agency's platform; each agency still signs with its own key,
/// read from the key store when first needed. The hub binds the signer to the sender and the
/// platform to the agencies it may act for.
/// </summary>
[TestClass]
public sealed class PlatformNodeTests
{
    private static readonly LocalAgency Office = TestAxis.Sender;
    private static readonly LocalAgency Province = TestAxis.First;
    private static readonly LocalAgency Commune = new(AgencyCode.Parse("000.01.31.H41"), "Ủy ban nhân dân xã Nghi Phong", GovernmentLevel.Commune, Province.Code, Province.Code);
    private static readonly LocalAgency District = new(AgencyCode.Parse("000.00.29.H41"), "Ủy ban nhân dân huyện Nghi Lộc", GovernmentLevel.District, Province.Code, Province.Code);
    private static readonly string Platform = LoopbackAxis.PlatformOf(Province.Code);

    private static TestAxis _axis = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _axis = TestAxis.Create("platform", Office, Province, Commune, District);
        _axis.Axis.UsePlatforms = true;
        _axis.Axis.NodeOverrides["Node:Platform:AgenciesFileCheckInterval"] = "00:00:00.200";
        await _axis.StartAsync(Office, Province);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _axis.DisposeAsync();

    [TestMethod]
    public async Task APlatformNodeSendsReceivesAndReportsForEachAgencyItHostsWithOneIdentity()
    {
        var directory = await new DirectoryService.DirectoryServiceClient(_axis.Axis.Clients.Operator()).GetAgencyAsync(new AgencyCodeRequest { Code = Commune.Code.Value });
        Assert.AreEqual(Platform, directory.PlatformId, "the directory names the platform that acts for the commune");

        var folder = Path.Combine(_axis.Axis.Root, "outgoing");
        var commune = new DmsClient(_axis.Axis.Dms(Commune.Code));
        var office = new DmsClient(_axis.Axis.Dms(Office.Code));
        var fromCommune = await commune.SendAsync(Commune.Code.Value, TestLetters.Draft([Office], "bao-cao.pdf"), [TestLetters.WriteFile(folder, "bao-cao.pdf", TestLetters.Content(9000, 51))]);
        var toPlatform = await office.SendAsync(Office.Code.Value, TestLetters.Draft([Commune, District], "cong-van.pdf"), [TestLetters.WriteFile(folder, "cong-van.pdf", TestLetters.Content(9000, 52))]);

        await Traces.WaitAsync(commune, Commune, fromCommune.EnvelopeId, t => Traces.IsDelivered(t, Office), "the commune's letter, sent by the platform, reaches the office");
        await Traces.WaitAsync(office, toPlatform.EnvelopeId, t => Traces.IsDelivered(t, Commune) && Traces.IsDelivered(t, District), "the office's letter reaches both hosted agencies");
        foreach (var agency in new[] { Commune, District })
        {
            var dms = new DmsClient(_axis.Axis.Dms(agency.Code));
            var fetched = await dms.FetchAsync(agency.Code.Value, toPlatform.EnvelopeId, folder: null);
            Assert.AreEqual(agency.Code.Value, Verifier().Verify(fetched.Letter.DeliveryReceipt.Body.ToByteArray(), fetched.Letter.DeliveryReceipt.Signature.ToByteArray(), "receipt").Identity,
                "each hosted agency signs its own receipt with its own key");
            await dms.ReportAsync(agency.Code.Value, toPlatform.EnvelopeId, "01", "Đã nhận");
        }

        await Traces.WaitAsync(office, toPlatform.EnvelopeId, t => Traces.HasStatus(t, Commune, "01") && Traces.HasStatus(t, District, "01"), "both statuses, sent by the platform, reach the office");
        await Eventually.WaitAsync(
            () => commune.Raw.ListEventsAsync(new ListEventsRequest { AgencyCode = Commune.Code.Value }).ResponseAsync,
            r => r.Events.Any(e => e.Kind == LetterEventKind.Delivered && e.EnvelopeId == fromCommune.EnvelopeId),
            "the commune's event record learns of the delivery through the platform's one read of all its agencies' letters");
        var signed = fromCommune.SignedManifest;
        Assert.AreEqual(Commune.Code.Value, Verifier().Verify(signed.Manifest.ToByteArray(), signed.Signature.ToByteArray(), "manifest").Identity, "the commune signed its letter itself");
        Assert.IsGreaterThan(0L, _axis.HubDatabase.Scalar($"SELECT COUNT(*) FROM audit_events WHERE actor = '{Platform}' AND action = 'Submit'"), "the exchange log names the platform that submitted");
    }

    [TestMethod]
    public async Task AgenciesJoinAndLeaveTheRunningPlatformThroughItsAgencyList()
    {
        var joining = new LocalAgency(AgencyCode.Parse("000.02.31.H41"), "Ủy ban nhân dân xã Nghi Thái", GovernmentLevel.Commune, Province.Code, Province.Code);
        var pki = new DevelopmentPki(_axis.Axis.Pki, TimeProvider.System);
        pki.IssueSigningSharingKeys(pki.LoadAuthority(), [(joining.Code, joining.Name)], distinctKeys: 1);
        await new DirectoryService.DirectoryServiceClient(_axis.Axis.Clients.Operator()).PutAgencyAsync(new PutAgencyRequest
        {
            Agency = new Contracts.V1.Agency
            {
                Code = joining.Code.Value, Name = joining.Name, Level = Contracts.V1.GovernmentLevel.Commune, ParentCode = Province.Code.Value,
                NodeEndpoint = _axis.Axis.NodeEndpoint(Province.Code).ToString(), PlatformId = Platform, Enabled = true,
            },
        });
        var settings = JsonSettings.Write(Path.Combine(_axis.Axis.Root, "platform.json"), _axis.Axis.NodeSettings(Province.Code));
        var list = _axis.Axis.AgencyListOf(Province.Code);

        var (refused, why) = await CommandLine.RunAsync("node", "agency", "add", "--config", settings, "--code", "000.03.31.H41", "--name", "Xã chưa có khoá");
        Assert.AreEqual(1, refused, why.ToString());
        StringAssert.Contains(why.GetProperty("error").GetProperty("message").GetString(), "no signing key for 000.03.31.H41");
        Assert.IsFalse(File.Exists(list) && File.ReadAllText(list).Contains("000.03.31.H41", StringComparison.Ordinal), "an agency that could not sign is not listed");

        var (added, output) = await CommandLine.RunAsync("node", "agency", "add", "--config", settings, "--code", joining.Code.Value, "--name", joining.Name);
        Assert.AreEqual(0, added, output.ToString());
        var dms = new DmsClient(_axis.Axis.Clients.Dms(_axis.Axis.DmsEndpoint(Province.Code), output.GetProperty("token").GetString()!));
        await Eventually.WaitAsync(() => AnswerAsync(dms, joining), s => s == StatusCode.OK, "the running platform takes up the agency it was given, without a restart");

        var folder = Path.Combine(_axis.Axis.Root, "outgoing");
        var office = new DmsClient(_axis.Axis.Dms(Office.Code));
        var fromJoining = await dms.SendAsync(joining.Code.Value, TestLetters.Draft([Office], "to-trinh.pdf"), [TestLetters.WriteFile(folder, "to-trinh.pdf", TestLetters.Content(5000, 61))]);
        // The office's node refreshes its copy of the directory at most every ten seconds when a code is missing from it.
        var invitation = TestLetters.WriteFile(folder, "giay-moi.pdf", TestLetters.Content(5000, 62));
        var toJoining = (await Eventually.WaitAsync(
            () => SendUnlessUnknownAsync(office, Office, TestLetters.Draft([joining], "giay-moi.pdf"), invitation), r => r is not null, "the office's node learns of the new agency"))!;
        await Traces.WaitAsync(dms, joining, fromJoining.EnvelopeId, t => Traces.IsDelivered(t, Office), "the joined agency's letter reaches the office");
        await Traces.WaitAsync(office, toJoining.EnvelopeId, t => Traces.IsDelivered(t, joining), "the office's letter reaches the joined agency");
        var fetched = await dms.FetchAsync(joining.Code.Value, toJoining.EnvelopeId, folder: null);
        Assert.AreEqual(joining.Code.Value, Verifier().Verify(fetched.Letter.DeliveryReceipt.Body.ToByteArray(), fetched.Letter.DeliveryReceipt.Signature.ToByteArray(), "receipt").Identity,
            "the joined agency signs with its key from the store");

        // A list that is not valid is refused whole: the platform goes on with the last good one and says so.
        var good = await File.ReadAllTextAsync(list);
        await File.WriteAllTextAsync(list, good.Replace(joining.Code.Value, Commune.Code.Value, StringComparison.Ordinal));
        var health = _axis.Axis.Node(Province.Code).Services.GetRequiredService<HealthCheckService>();
        var report = await Eventually.WaitAsync(() => health.CheckHealthAsync(), r => r.Entries["agency-list"].Status == HealthStatus.Degraded, "the refused list shows in the node's health");
        StringAssert.Contains(report.Entries["agency-list"].Description, "also configured in Node:Agencies");
        Assert.AreEqual(StatusCode.OK, await AnswerAsync(dms, joining), "the last good list still serves");
        await File.WriteAllTextAsync(list, good);
        await Eventually.WaitAsync(() => health.CheckHealthAsync(), r => r.Entries["agency-list"].Status == HealthStatus.Healthy, "the mended list is taken");

        // Removed while a letter of its waits for the hub: its DMS is shut out at once, the letter still leaves.
        await _axis.Axis.StopHubAsync();
        var queued = await dms.SendAsync(joining.Code.Value, TestLetters.Draft([Office], "bao-cao.pdf"), [TestLetters.WriteFile(folder, "bao-cao.pdf", TestLetters.Content(5000, 63))]);
        var (removed, gone) = await CommandLine.RunAsync("node", "agency", "remove", "--config", settings, "--code", joining.Code.Value);
        Assert.AreEqual(0, removed, gone.ToString());
        await Eventually.WaitAsync(() => AnswerAsync(dms, joining), s => s != StatusCode.OK, "the removed agency's DMS is shut out");
        await Refusals.AssertRefusedAsync(() => dms.InboxAsync(joining.Code.Value), StatusCode.FailedPrecondition, RefusalReason.AgencyNotHosted);
        await _axis.Axis.StartHubAsync();
        await Eventually.WaitAsync(() => office.InboxAsync(Office.Code.Value), inbox => inbox.Any(e => e.EnvelopeId == queued.EnvelopeId), "the letter queued before removal reaches the office");
        var (listed, all) = await CommandLine.RunAsync("node", "agency", "list", "--config", settings);
        Assert.AreEqual(0, listed);
        Assert.AreEqual(0, all.GetProperty("agencies").GetArrayLength(), "the list is empty again");
    }

    [TestMethod]
    public async Task APlatformMayNotActForAnAgencyTheDirectoryDoesNotNameItFor()
    {
        using var asPlatform = PlatformChannel();
        var content = TestLetters.Content(1000, 53);
        var manifest = TestLetters.Complete(Office, [Province], [content]);
        var signed = TestLetters.Sign(manifest, _axis.Axis.Pki.AgencySigning(Office.Code));
        await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(asPlatform, manifest.EnvelopeId, signed, [content]), StatusCode.PermissionDenied, RefusalReason.ClientNotSender);
        Assert.AreEqual(0, _axis.HubDatabase.Envelopes(manifest.EnvelopeId), "nothing was stored");

        var report = new StatusReport
        {
            ReportId = Guid.NewGuid().ToString(), EnvelopeId = manifest.EnvelopeId, RecipientCode = Office.Code.Value, StatusCode = "01", ReportedAt = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
        };
        var (body, signature) = SignedMessages.Sign(report, Crypto.Signing.SigningCredential.Load(_axis.Axis.Pki.AgencySigning(Office.Code)), TimeProvider.System.GetUtcNow());
        await Refusals.AssertRefusedAsync(
            () => new StatusService.StatusServiceClient(asPlatform).ReportAsync(new SignedStatusReport { Body = body, Signature = signature }).ResponseAsync,
            StatusCode.PermissionDenied, RefusalReason.ClientNotSender);
        await Refusals.AssertRefusedAsync(
            () => new TraceService.TraceServiceClient(asPlatform).ListSentEventsAsync(new ListSentEventsRequest { AgencyCode = Office.Code.Value }).ResponseAsync,
            StatusCode.PermissionDenied, RefusalReason.ClientNotSender);
    }

    private static async Task<SendLetterResponse?> SendUnlessUnknownAsync(DmsClient dms, LocalAgency sender, Manifest draft, string file)
    {
        try
        {
            return await dms.SendAsync(sender.Code.Value, draft, [file]);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<StatusCode> AnswerAsync(DmsClient dms, LocalAgency agency)
    {
        try
        {
            await dms.InboxAsync(agency.Code.Value);
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static GrpcChannel PlatformChannel()
    {
        var tls = _axis.Axis.Pki.PlatformTls(Platform);
        return PeerChannels.Create(
            _axis.Axis.HubEndpoint,
            TlsCertificates.Load(new CertificateOptions { CertificatePath = tls.CertificatePath, KeyPath = tls.KeyPath }),
            PeerAuthenticator.Anchored([_axis.Axis.Pki.TrustAnchorPath]));
    }

    private static Crypto.Signing.SignatureVerifier Verifier() =>
        new(new Crypto.Trust.CertificateValidator(Crypto.Trust.TrustStore.Load([_axis.Axis.Pki.TrustAnchorPath], [])), TimeProvider.System, TimeSpan.FromMinutes(5));
}
