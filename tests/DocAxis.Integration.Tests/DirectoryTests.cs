using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>The agency directory: operators change it, agencies only read it, and it decides who may receive.</summary>
[TestClass]
public sealed class DirectoryTests
{
    [TestMethod]
    public async Task AnOperatorAddsListsAndDisablesAgencies()
    {
        await using var axis = TestAxis.Create("directory");
        await axis.StartAsync(TestAxis.Sender);
        var directory = new DirectoryService.DirectoryServiceClient(axis.Axis.Clients.Operator());

        var commune = await directory.PutAgencyAsync(new PutAgencyRequest
        {
            Agency = new Agency { Code = "000.21.32.H41", Name = "UBND xã thử nghiệm", Level = GovernmentLevel.Commune, ParentCode = "000.00.00.H41", Enabled = true },
        });
        Assert.AreEqual(GovernmentLevel.Commune, commune.Level);
        Assert.AreEqual("000.00.00.H41", commune.ParentCode);

        var communes = await directory.ListAgenciesAsync(new ListAgenciesRequest { Level = GovernmentLevel.Commune });
        Assert.AreEqual("000.21.32.H41", communes.Agencies.Single().Code);
        Assert.HasCount(4, (await directory.ListAgenciesAsync(new ListAgenciesRequest())).Agencies);

        var disabled = await directory.DisableAgencyAsync(new AgencyCodeRequest { Code = TestAxis.Second.Code.Value });
        Assert.IsFalse(disabled.Enabled);
        Assert.HasCount(3, (await directory.ListAgenciesAsync(new ListAgenciesRequest())).Agencies);
        Assert.HasCount(4, (await directory.ListAgenciesAsync(new ListAgenciesRequest { IncludeDisabled = true })).Agencies);
    }

    [TestMethod]
    public async Task AnAgencyMayReadTheDirectoryButNotChangeIt()
    {
        await using var axis = TestAxis.Create("directory-acl");
        await axis.StartAsync(TestAxis.Sender);
        var directory = new DirectoryService.DirectoryServiceClient(axis.Axis.Clients.Agency(TestAxis.Sender.Code));

        Assert.AreEqual(TestAxis.First.Name, (await directory.GetAgencyAsync(new AgencyCodeRequest { Code = TestAxis.First.Code.Value })).Name);
        var refusal = await Refusals.AssertRefusedAsync(
            () => directory.DisableAgencyAsync(new AgencyCodeRequest { Code = TestAxis.First.Code.Value }).ResponseAsync,
            StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        StringAssert.Contains(refusal.Message, TestAxis.Sender.Code.Value);
        Assert.IsTrue((await directory.GetAgencyAsync(new AgencyCodeRequest { Code = TestAxis.First.Code.Value })).Enabled);
    }

    [TestMethod]
    public async Task AnAgencyCarriesOneOlderCodeThatNoOtherAgencyHas()
    {
        await using var axis = TestAxis.Create("directory-legacy");
        await axis.StartAsync(TestAxis.Sender);
        var directory = new DirectoryService.DirectoryServiceClient(axis.Axis.Clients.Operator());
        var entry = new Agency { Code = TestAxis.First.Code.Value, Name = TestAxis.First.Name, Level = GovernmentLevel.Province, Enabled = true, LegacyCode = "28.22.H17" };

        Assert.AreEqual("28.22.H17", (await directory.PutAgencyAsync(new PutAgencyRequest { Agency = entry })).LegacyCode);
        Assert.AreEqual("28.22.H17", (await directory.GetAgencyAsync(new AgencyCodeRequest { Code = TestAxis.First.Code.Value })).LegacyCode);

        var taken = entry.Clone();
        taken.Code = TestAxis.Second.Code.Value;
        var duplicate = await Refusals.AssertRefusedAsync(() => directory.PutAgencyAsync(new PutAgencyRequest { Agency = taken }).ResponseAsync, StatusCode.InvalidArgument, RefusalReason.FieldInvalid);
        StringAssert.Contains(duplicate.Message, $"28.22.H17 already belongs to {TestAxis.First.Code}");
        Assert.AreEqual(string.Empty, (await directory.GetAgencyAsync(new AgencyCodeRequest { Code = TestAxis.Second.Code.Value })).LegacyCode, "nothing changed");

        var malformed = entry.Clone();
        malformed.LegacyCode = "H17";
        var refusal = await Refusals.AssertRefusedAsync(() => directory.PutAgencyAsync(new PutAgencyRequest { Agency = malformed }).ResponseAsync, StatusCode.InvalidArgument, RefusalReason.AgencyCodeMalformed);
        Assert.AreEqual("agency.legacy_code", refusal.Details["field"]);
        Assert.AreEqual("28.22.H17", (await directory.GetAgencyAsync(new AgencyCodeRequest { Code = TestAxis.First.Code.Value })).LegacyCode, "nothing changed");
    }

    [TestMethod]
    public async Task MalformedDirectoryEntriesAreRefusedNamingTheField()
    {
        await using var axis = TestAxis.Create("directory-bad");
        await axis.StartAsync(TestAxis.Sender);
        var directory = new DirectoryService.DirectoryServiceClient(axis.Axis.Clients.Operator());

        var code = await Refusals.AssertRefusedAsync(
            () => directory.PutAgencyAsync(new PutAgencyRequest { Agency = new Agency { Code = "H41", Name = "x", Level = GovernmentLevel.Province } }).ResponseAsync,
            StatusCode.InvalidArgument, RefusalReason.AgencyCodeMalformed);
        Assert.AreEqual("agency.code", code.Details["field"]);
        var endpoint = await Refusals.AssertRefusedAsync(
            () => directory.PutAgencyAsync(new PutAgencyRequest { Agency = new Agency { Code = "000.00.00.H01", Name = "x", Level = GovernmentLevel.Province, NodeEndpoint = "http://plain" } }).ResponseAsync,
            StatusCode.InvalidArgument, RefusalReason.FieldInvalid);
        Assert.AreEqual("agency.node_endpoint", endpoint.Details["field"]);
        await Refusals.AssertRefusedAsync(
            () => directory.GetAgencyAsync(new AgencyCodeRequest { Code = "000.00.00.H01" }).ResponseAsync,
            StatusCode.NotFound, RefusalReason.AgencyUnknown);
    }

    [TestMethod]
    public async Task ALetterToADisabledAgencyIsRefusedAndNothingIsStored()
    {
        await using var axis = TestAxis.Create("disabled");
        await axis.StartAsync(TestAxis.Sender);
        await new DirectoryService.DirectoryServiceClient(axis.Axis.Clients.Operator())
            .DisableAgencyAsync(new AgencyCodeRequest { Code = TestAxis.Second.Code.Value });
        var contents = new[] { TestLetters.Content(1000, 81) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.Second], contents);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(
                axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId,
                TestLetters.Sign(manifest, axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code)), contents),
            StatusCode.FailedPrecondition, RefusalReason.AgencyDisabled);

        Assert.AreEqual("manifest.recipients[0].code", refusal.Details["field"]);
        axis.HubDatabase.AssertNothingStored(manifest.EnvelopeId);
    }
}
