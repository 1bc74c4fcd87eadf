using DocAxis.Crypto.Pki;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The refusal catalogue, part 4: revoked certificates. The hub requires revocation status and
/// reads a CRL made by `openssl ca` over the deployment's own CA.
/// </summary>
[TestClass]
public sealed class RevocationRefusalTests
{
    private static CatalogueHub s_hub = null!;
    private static KeyFiles s_revokedSigner = null!;
    private static KeyFiles s_revokedTls = null!;
    private static KeyFiles s_goodSigner = null!;

    [ClassInitialize]
    public static async Task StartHub(TestContext context)
    {
        var axis = TestAxis.Create("revocation");
        var ca = new OpenSslCa(Path.Combine(axis.Axis.Root, "openssl-ca"), axis.Authority());
        var authority = axis.Authority();
        s_revokedSigner = Record(ca, authority.Issue(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.Signing)), "revoked-signer");
        s_revokedTls = Record(ca, authority.Issue(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.TlsPeer)), "revoked-tls");
        s_goodSigner = Record(ca, authority.Issue(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.Signing)), "good-signer");
        ca.Revoke(s_revokedSigner.CertificatePath, "keyCompromise");
        ca.Revoke(s_revokedTls.CertificatePath, "affiliationChanged");
        ca.PublishCrl();

        axis.Axis.HubOverrides["Hub:Trust:Revocation:Mode"] = "Require";
        axis.Axis.HubOverrides["Hub:Trust:Revocation:CrlFiles:0"] = ca.CrlPemPath;
        axis.Axis.HubOverrides["Hub:Trust:Revocation:UseOcsp"] = "false";
        axis.Axis.HubOverrides["Hub:Trust:Revocation:FetchCrlDistributionPoints"] = "false";
        await axis.Axis.StartHubAsync();
        await axis.Axis.RegisterAgenciesAsync();
        s_hub = new CatalogueHub(axis);
    }

    [ClassCleanup]
    public static async Task StopHub() => await s_hub.Axis.DisposeAsync();

    [TestMethod]
    public async Task ALetterSignedWithARevokedCertificateIsRefusedNamingWhenAndWhy()
    {
        var (manifest, contents) = CatalogueHub.Letter(501);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, TestLetters.Sign(manifest, s_revokedSigner), contents),
            StatusCode.PermissionDenied, RefusalReason.CertificateRevoked);

        StringAssert.Contains(refusal.Message, "was revoked on");
        StringAssert.Contains(refusal.Message, "keyCompromise");
        StringAssert.Contains(refusal.Details["certificate"], TestAxis.Sender.Code.Value);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ARevokedTlsClientIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(502);
        using var channel = s_hub.Axis.HubChannel(s_revokedTls);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(channel, manifest.EnvelopeId, TestLetters.Sign(manifest, s_hub.SenderSigning), contents),
            StatusCode.PermissionDenied, RefusalReason.CertificateRevoked);

        StringAssert.Contains(refusal.Message, "affiliationChanged");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ACertificateTheCrlDoesNotListIsAccepted()
    {
        var (manifest, contents) = CatalogueHub.Letter(503);

        await TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, TestLetters.Sign(manifest, s_goodSigner), contents);

        Assert.AreEqual(1L, s_hub.Database.Envelopes(manifest.EnvelopeId));
    }

    private static KeyFiles Record(OpenSslCa ca, IssuedCertificate issued, string name)
    {
        var certificate = ca.Record(issued, name);
        return new KeyFiles(certificate, Path.ChangeExtension(certificate, ".key"));
    }
}
