using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Streaming;
using DocAxis.Transport.Tls;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using static DocAxis.Integration.Tests.Infrastructure.TestFederation;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// What a hub refuses from another: a caller that is not its peer, a path that passes it twice or
/// too many hubs, a hop whose signature is not its hub's, a recipient the letter does not name; and
/// a route the directories close into a loop, which fails the delivery at once instead of
/// circling. Each refusal has its status and reason and leaves nothing stored.
/// </summary>
[TestClass]
public sealed class FederationRefusalTests
{
    private static TestFederation _federation = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _federation = TestFederation.Create("federation-refusals");
        await _federation.Federation.StartAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _federation.DisposeAsync();

    [TestMethod]
    public async Task OnlyAPeerHubMayForward()
    {
        var (signed, envelopeId, content) = Letter();
        var asMinistry = _federation.National.Clients.Agency(Ministry.Code);
        await Refusals.AssertRefusedAsync(
            () => ForwardAsync(asMinistry, Header(signed, envelopeId, [Department], Hop(NgheAnHub, envelopeId, signed)), content),
            StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        AssertNothingStored(envelopeId);
    }

    [TestMethod]
    public async Task APathThatPassedThisHubAlreadyIsALoop()
    {
        var (signed, envelopeId, content) = Letter();
        using var asNgheAn = AsHub(NgheAnHub);
        var refusal = await Refusals.AssertRefusedAsync(
            () => ForwardAsync(asNgheAn, Header(signed, envelopeId, [Department], Hop(NationalHub, envelopeId, signed), Hop(NgheAnHub, envelopeId, signed)), content),
            StatusCode.FailedPrecondition, RefusalReason.RouteLoop);
        StringAssert.Contains(refusal.Message, $"{NationalHub} -> {NgheAnHub}");
        AssertNothingStored(envelopeId);
    }

    [TestMethod]
    public async Task APathOverTheHopLimitIsRefusedBeforeItsSignaturesAreRead()
    {
        var (signed, envelopeId, content) = Letter();
        using var asNgheAn = AsHub(NgheAnHub);
        // Five hubs passed, the sixth would be this one; only the hub ids matter to the count.
        var hops = new[] { "hub.a", "hub.b", "hub.c", "hub.d" }.Select(id => Unsigned(id, envelopeId, signed)).Append(Hop(NgheAnHub, envelopeId, signed)).ToArray();
        var refusal = await Refusals.AssertRefusedAsync(
            () => ForwardAsync(asNgheAn, Header(signed, envelopeId, [Department], hops), content),
            StatusCode.FailedPrecondition, RefusalReason.HopLimitExceeded);
        Assert.AreEqual("5", refusal.Details["limit"]);
        AssertNothingStored(envelopeId);
    }

    [TestMethod]
    public async Task AHopSignedByAnotherHubThanItNamesIsRefused()
    {
        var (signed, envelopeId, content) = Letter();
        using var asNgheAn = AsHub(NgheAnHub);
        var forged = Hop(SecondHub, envelopeId, signed, signedBy: NgheAnHub);
        await Refusals.AssertRefusedAsync(
            () => ForwardAsync(asNgheAn, Header(signed, envelopeId, [Department], forged, Hop(NgheAnHub, envelopeId, signed)), content),
            StatusCode.PermissionDenied, RefusalReason.SignerNotSender);
        AssertNothingStored(envelopeId);
    }

    [TestMethod]
    public async Task AForwardNamesOnlyTheLettersOwnRecipients()
    {
        var (signed, envelopeId, content) = Letter();
        using var asNgheAn = AsHub(NgheAnHub);
        var refusal = await Refusals.AssertRefusedAsync(
            () => ForwardAsync(asNgheAn, Header(signed, envelopeId, [Ministry], Hop(NgheAnHub, envelopeId, signed)), content),
            StatusCode.InvalidArgument, RefusalReason.FieldInvalid);
        Assert.AreEqual("header.recipient_codes[0]", refusal.Details["field"]);
        AssertNothingStored(envelopeId);
    }

    [TestMethod]
    public async Task AValidForwardIsAcceptedOnceAndAnsweredAgainWithoutASecondDelivery()
    {
        var (signed, envelopeId, content) = Letter();
        using var asNgheAn = AsHub(NgheAnHub);
        var header = Header(signed, envelopeId, [Department], Hop(NgheAnHub, envelopeId, signed));
        var first = await ForwardAsync(asNgheAn, header, content);
        var again = await ForwardAsync(asNgheAn, header, content);
        foreach (var answer in new[] { first, again })
        {
            var acceptance = AcceptanceReceipt.Parser.ParseFrom(answer.Body);
            Assert.AreEqual(NationalHub, acceptance.HubId);
            CollectionAssert.AreEqual(new[] { Department.Code.Value }, acceptance.RecipientCodes.ToArray());
        }

        var national = _federation.HubDatabase(_federation.National);
        Assert.AreEqual(1, national.Envelopes(envelopeId));
        Assert.AreEqual(1, national.Deliveries(envelopeId));
        Assert.AreEqual(NgheAnHub, national.Text($"SELECT origin_hub FROM envelopes WHERE id = '{envelopeId}'"));
        await Eventually.WaitAsync(
            () => new DmsClient(_federation.SecondAxis.Dms(Department.Code)).InboxAsync(Department.Code.Value),
            inbox => inbox.Any(l => l.EnvelopeId == envelopeId), "the department has the forwarded letter");
    }

    [TestMethod]
    public async Task DirectoriesThatRouteARecipientInACircleFailItsDeliveryWithRouteLoop()
    {
        // The national hub wrongly routes the province's own agency back to the province, which
        // routes it to the national hub: the national hub refuses the forward as a loop.
        var stray = new LocalAgency(Core.Agencies.AgencyCode.Parse("000.00.77.H40"), "Đơn vị chưa có nơi đặt", Core.Agencies.GovernmentLevel.Province);
        await _federation.NgheAnAxis.RegisterRemoteAgenciesAsync([stray], NationalHub);
        await _federation.National.RegisterRemoteAgenciesAsync([stray], NgheAnHub);
        var commune = new DmsClient(_federation.NgheAnAxis.Dms(Commune.Code));
        var folder = Path.Combine(_federation.Root, "outgoing");
        var sent = await commune.SendAsync(Commune.Code.Value, TestLetters.Draft([stray], "cong-van.pdf"), [TestLetters.WriteFile(folder, "loop.pdf", TestLetters.Content(1000, 7))]);

        var failed = await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.Of(t, stray)?.State == DeliveryState.Failed, "the delivery fails");
        var last = Traces.Of(failed, stray)!;
        StringAssert.Contains(last.LastError, "ROUTE_LOOP");
        Assert.AreEqual(1u, last.Attempts, "failed at once, never retried");
        AssertNothingStored(sent.EnvelopeId);
    }

    private static (SignedManifest Signed, string EnvelopeId, byte[] Content) Letter()
    {
        var content = TestLetters.Content(20_000, Random.Shared.Next());
        var manifest = TestLetters.Complete(Commune, [Department], [content]);
        return (TestLetters.Sign(manifest, _federation.National.Pki.AgencySigning(Commune.Code)), manifest.EnvelopeId, content);
    }

    private static ForwardHeader Header(SignedManifest signed, string envelopeId, IEnumerable<LocalAgency> recipients, params SignedAcceptance[] hops) => new()
    {
        EnvelopeId = envelopeId, SignedManifest = signed, RecipientCodes = { recipients.Select(r => r.Code.Value) }, Hops = { hops },
    };

    private static Acceptance AcceptanceOf(string hubId, string envelopeId, SignedManifest signed) =>
        new(envelopeId, System.Security.Cryptography.SHA256.HashData(signed.Manifest.Span), Commune.Code.Value, [Department.Code.Value], TimeProvider.System.GetUtcNow(), hubId);

    private static SignedAcceptance Hop(string hubId, string envelopeId, SignedManifest signed, string? signedBy = null) =>
        SignedMapper.ToAcceptance(SignedMapper.Sign(AcceptanceOf(hubId, envelopeId, signed), SigningCredential.Load(_federation.National.Pki.PeerHubSigning(signedBy ?? hubId))));

    private static SignedAcceptance Unsigned(string hubId, string envelopeId, SignedManifest signed) =>
        new() { Body = SignedMapper.ToWire(AcceptanceOf(hubId, envelopeId, signed)).ToByteString(), Signature = ByteString.CopyFromUtf8("not a signature") };

    private static GrpcChannel AsHub(string hubId)
    {
        var pki = _federation.National.Pki;
        var tls = pki.PeerHubTls(hubId);
        return PeerChannels.Create(
            _federation.National.HubEndpoint,
            TlsCertificates.Load(new CertificateOptions { CertificatePath = tls.CertificatePath, KeyPath = tls.KeyPath }),
            PeerAuthenticator.Anchored([pki.TrustAnchorPath]));
    }

    private static async Task<SignedAcceptance> ForwardAsync(GrpcChannel channel, ForwardHeader header, byte[] content)
    {
        using var call = new FederationService.FederationServiceClient(channel).Forward();
        return await ClientStreamingCalls.SendAsync(call, async requests =>
        {
            await requests.WriteAsync(new ForwardRequest { Header = header });
            foreach (var chunk in content.Chunk(ChunkStreams.ChunkSize))
            {
                await requests.WriteAsync(new ForwardRequest { Chunk = new AttachmentChunk { AttachmentIndex = 0, Data = ByteString.CopyFrom(chunk) } });
            }
        });
    }

    private static void AssertNothingStored(string envelopeId)
    {
        var national = _federation.HubDatabase(_federation.National);
        Assert.AreEqual(0, national.Envelopes(envelopeId), "the national hub stored no letter");
        Assert.AreEqual(0, national.Deliveries(envelopeId), "and no delivery");
    }
}
