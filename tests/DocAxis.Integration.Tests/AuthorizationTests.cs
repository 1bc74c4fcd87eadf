using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using GovernmentLevel = DocAxis.Core.Agencies.GovernmentLevel;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Who may see what: an agency sees its own inbox and the letters it sent or received; auditors
/// and operators see every trace; every refused access is PERMISSION_DENIED and in the exchange log.
/// </summary>
[TestClass]
public sealed class AuthorizationTests
{
    private static readonly LocalAgency Commune =
        new(AgencyCode.Parse("000.21.32.H41"), "Ủy ban nhân dân xã thử nghiệm", GovernmentLevel.Commune, TestAxis.First.Code, HostedBy: TestAxis.First.Code);

    [TestMethod]
    public async Task ANodeHostingSeveralAgenciesKeepsEachDmsToItsOwnLetters()
    {
        await using var axis = TestAxis.Create("hosted", TestAxis.Sender, TestAxis.First, Commune);
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        Assert.AreEqual(axis.Axis.NodeEndpoint(TestAxis.First.Code), axis.Axis.NodeEndpoint(Commune.Code), "one node hosts both");
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First, Commune], "a.pdf"),
            [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "a.pdf", TestLetters.Content(5000, 401))]);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First) && Traces.IsDelivered(t, Commune), "both hosted agencies have it");

        var province = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));
        var commune = new DmsClient(axis.Axis.Dms(Commune.Code));
        Assert.AreEqual(TestAxis.First.Code.Value, (await province.InboxAsync(TestAxis.First.Code.Value)).Single().RecipientCode);
        Assert.AreEqual(Commune.Code.Value, (await commune.InboxAsync(Commune.Code.Value)).Single().RecipientCode);

        var refusal = await Refusals.AssertRefusedAsync(() => province.InboxAsync(Commune.Code.Value), StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        StringAssert.Contains(refusal.Message, Commune.Code.Value);
        await Refusals.AssertRefusedAsync(() => commune.FetchAsync(TestAxis.First.Code.Value, sent.EnvelopeId, null), StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        await Refusals.AssertRefusedAsync(() => commune.ReportAsync(TestAxis.First.Code.Value, sent.EnvelopeId, "01", ""), StatusCode.PermissionDenied, RefusalReason.AccessDenied);

        var node = new HubInspector(axis.Axis.NodeDataDirectory(TestAxis.First.Code), "node.db");
        var logged = await Eventually.WaitAsync(
            () => Task.FromResult(node.AuditEntries(actor: $"dms:{Commune.Code}")), e => e.Count >= 1, "the node logs the refused access");
        CollectionAssert.Contains(logged, "ListInbox refused ACCESS_DENIED");
    }

    [TestMethod]
    public async Task ADmsWithoutATokenIsRefused()
    {
        await using var axis = TestAxis.Create("notoken");
        await axis.StartAsync(TestAxis.Sender);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(axis.Axis.DmsEndpoint(TestAxis.Sender.Code));
        var anonymous = new DmsClient(channel.CreateCallInvoker());

        // UNAUTHENTICATED, as gRPC's convention has it (it was PERMISSION_DENIED, which is for a valid token asking for another agency).
        var refusal = await Refusals.AssertRefusedAsync(() => anonymous.InboxAsync(TestAxis.Sender.Code.Value), StatusCode.Unauthenticated, RefusalReason.TokenInvalid);

        StringAssert.Contains(refusal.Message, "token");
    }

    [TestMethod]
    public async Task ATraceIsForTheSenderItsRecipientsAuditorsAndOperatorsOnlyAndRefusalsAreLogged()
    {
        await using var axis = TestAxis.Create("trace-access");
        await axis.StartAsync();
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "a.pdf"),
            [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "a.pdf", TestLetters.Content(5000, 402))]);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "delivered");
        var request = new GetTraceRequest { EnvelopeId = sent.EnvelopeId };
        TraceService.TraceServiceClient As(Grpc.Net.Client.GrpcChannel channel) => new(channel);

        Assert.HasCount(1, (await As(axis.Axis.Clients.Agency(TestAxis.First.Code)).GetTraceAsync(request)).Recipients);
        Assert.HasCount(1, (await As(axis.Axis.Clients.Auditor()).GetTraceAsync(request)).Recipients);
        Assert.HasCount(1, (await As(axis.Axis.Clients.Operator()).GetTraceAsync(request)).Recipients);
        var refusal = await Refusals.AssertRefusedAsync(
            () => As(axis.Axis.Clients.Agency(TestAxis.Second.Code)).GetTraceAsync(request).ResponseAsync,
            StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        StringAssert.Contains(refusal.Message, TestAxis.Second.Code.Value);

        var logged = await Eventually.WaitAsync(
            () => Task.FromResult(axis.HubDatabase.AuditEntries(sent.EnvelopeId, TestAxis.Second.Code.Value)),
            entries => entries.Count > 0, "the refused access reaches the exchange log");
        CollectionAssert.AreEqual(new[] { "GetTrace refused ACCESS_DENIED" }, logged);
        CollectionAssert.IsSubsetOf(new[] { "Submit accepted", "Deliver delivered" }, axis.HubDatabase.AuditEntries(sent.EnvelopeId));
    }

    [TestMethod]
    public async Task AnAgencyCannotChangeTheDirectoryAndTheAttemptIsLogged()
    {
        await using var axis = TestAxis.Create("directory-audit");
        await axis.StartAsync(TestAxis.Sender);
        var directory = new DirectoryService.DirectoryServiceClient(axis.Axis.Clients.Agency(TestAxis.Sender.Code));

        await Refusals.AssertRefusedAsync(
            () => directory.DisableAgencyAsync(new AgencyCodeRequest { Code = TestAxis.First.Code.Value }).ResponseAsync,
            StatusCode.PermissionDenied, RefusalReason.AccessDenied);

        var logged = await Eventually.WaitAsync(
            () => Task.FromResult(axis.HubDatabase.AuditEntries(actor: TestAxis.Sender.Code.Value)), e => e.Count > 0, "the attempt is logged");
        CollectionAssert.AreEqual(new[] { "DisableAgency refused ACCESS_DENIED" }, logged);
        CollectionAssert.Contains(axis.HubDatabase.AuditEntries(actor: "docaxis-operator"), "PutAgency changed");
    }
}
