using DocAxis.Crypto.Pki;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;
using Google.Protobuf;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The refusal catalogue, part 3: who signed and who is calling. Signatures that do not verify,
/// certificates that are expired, foreign, self-signed or weak, and identities that do not match
/// the sender are refused with the certificate named, and nothing is stored.
/// </summary>
[TestClass]
public sealed class IdentityRefusalTests
{
    private static CatalogueHub s_hub = null!;

    [ClassInitialize]
    public static async Task StartHub(TestContext context) => s_hub = await CatalogueHub.StartAsync("identity-refusals");

    [ClassCleanup]
    public static async Task StopHub() => await s_hub.Axis.DisposeAsync();

    [TestMethod]
    public async Task ASignatureThatDoesNotVerifyIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(301);
        var signed = TestLetters.Sign(manifest, s_hub.SenderSigning);
        var corrupted = signed.Signature.ToByteArray();
        corrupted[^5] ^= 0x10;
        signed.Signature = Google.Protobuf.ByteString.CopyFrom(corrupted);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, signed, contents), StatusCode.InvalidArgument, RefusalReason.SignatureInvalid);

        StringAssert.Contains(refusal.Message, "does not verify");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ManifestBytesAlteredAfterSigningAreRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(302);
        var signed = TestLetters.Sign(manifest, s_hub.SenderSigning);
        var altered = manifest.Clone();
        altered.Subject = "V/v nội dung đã bị sửa sau khi ký";
        signed.Manifest = altered.ToByteString();

        await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, signed, contents), StatusCode.InvalidArgument, RefusalReason.SignatureInvalid);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ALetterSignedWithAnotherAgencysCertificateIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(303);
        var signedByFirst = TestLetters.Sign(manifest, s_hub.Axis.Axis.Pki.AgencySigning(TestAxis.First.Code));

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, signedByFirst, contents), StatusCode.PermissionDenied, RefusalReason.SignerNotSender);

        StringAssert.Contains(refusal.Details["certificate"], TestAxis.First.Code.Value);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ALetterSubmittedOverAnotherAgencysTlsIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(304);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.Axis.Axis.Clients.Agency(TestAxis.First.Code), manifest.EnvelopeId, TestLetters.Sign(manifest, s_hub.SenderSigning), contents),
            StatusCode.PermissionDenied, RefusalReason.ClientNotSender);

        StringAssert.Contains(refusal.Message, TestAxis.First.Code.Value);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    [DataRow(-730, -1, DisplayName = "expired signing certificate")]
    [DataRow(1, 365, DisplayName = "signing certificate not yet valid")]
    public async Task ASigningCertificateOutsideItsValidityIsRefused(int fromDays, int toDays)
    {
        var now = TimeProvider.System.GetUtcNow();
        var signer = SaveSigner(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.Signing, now.AddDays(fromDays), now.AddDays(toDays)), $"validity{fromDays}");
        var (manifest, contents) = CatalogueHub.Letter(305 + fromDays);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, TestLetters.Sign(manifest, signer), contents),
            StatusCode.PermissionDenied, RefusalReason.CertificateUntrusted);

        StringAssert.Contains(refusal.Message, "is not valid at");
        StringAssert.Contains(refusal.Details["certificate"], TestAxis.Sender.Code.Value);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AnExpiredTlsClientCertificateIsRefused()
    {
        var now = TimeProvider.System.GetUtcNow();
        var tls = s_hub.Axis.Save(
            s_hub.Axis.Authority().Issue(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.TlsPeer, now.AddDays(-400), now.AddDays(-2))),
            "expired-tls");
        var (manifest, contents) = CatalogueHub.Letter(307);
        using var channel = s_hub.Axis.HubChannel(tls);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(channel, manifest.EnvelopeId, TestLetters.Sign(manifest, s_hub.SenderSigning), contents),
            StatusCode.PermissionDenied, RefusalReason.CertificateUntrusted);

        StringAssert.Contains(refusal.Message, "is not valid at");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ASignerFromAnUntrustedRootIsRefused()
    {
        var stranger = CertificateAuthority.CreateRoot("Untrusted Root CA", TimeProvider.System);
        var signer = s_hub.Axis.Save(stranger.Issue(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.Signing)), "untrusted-signer");
        var (manifest, contents) = CatalogueHub.Letter(308);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, TestLetters.Sign(manifest, signer), contents),
            StatusCode.PermissionDenied, RefusalReason.CertificateUntrusted);

        StringAssert.Contains(refusal.Message, "Untrusted Root CA");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ATlsClientFromAnUntrustedRootIsRefused()
    {
        var stranger = CertificateAuthority.CreateRoot("Untrusted TLS CA", TimeProvider.System);
        var tls = s_hub.Axis.Save(stranger.Issue(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.TlsPeer)), "untrusted-tls");
        var (manifest, contents) = CatalogueHub.Letter(309);
        using var channel = s_hub.Axis.HubChannel(tls);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(channel, manifest.EnvelopeId, TestLetters.Sign(manifest, s_hub.SenderSigning), contents),
            StatusCode.PermissionDenied, RefusalReason.CertificateUntrusted);

        StringAssert.Contains(refusal.Message, "Untrusted TLS CA");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ASelfSignedSignerIsRefused()
    {
        var signer = s_hub.Axis.Save(Forgeries.SelfSigned(TestAxis.Sender.Code.Value, TestAxis.Sender.Name), "self-signed");
        var (manifest, contents) = CatalogueHub.Letter(310);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, TestLetters.Sign(manifest, signer), contents),
            StatusCode.PermissionDenied, RefusalReason.CertificateUntrusted);

        StringAssert.Contains(refusal.Message, "self-signed");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ASignatureWithAWeakAlgorithmIsRefusedNamingIt()
    {
        var (manifest, contents) = CatalogueHub.Letter(311);
        var bytes = manifest.ToByteArray();
        var signature = Crypto.Signing.DetachedSignature.Create(
            bytes, Crypto.Signing.SigningCredential.Load(s_hub.SenderSigning), TimeProvider.System.GetUtcNow(), "SHA1WITHRSA");
        var signed = new Contracts.V1.SignedManifest { Manifest = Google.Protobuf.ByteString.CopyFrom(bytes), Signature = Google.Protobuf.ByteString.CopyFrom(signature) };

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, signed, contents), StatusCode.InvalidArgument, RefusalReason.AlgorithmNotAllowed);

        StringAssert.Contains(refusal.Message, "SHA-1");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ASignerWithAShortRsaKeyIsRefused()
    {
        var signer = SaveSigner(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.Signing) { KeyPair = WeakKeys.Rsa1024() }, "rsa1024");
        var (manifest, contents) = CatalogueHub.Letter(312);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, TestLetters.Sign(manifest, signer), contents),
            StatusCode.InvalidArgument, RefusalReason.AlgorithmNotAllowed);

        Assert.AreEqual("RSA-1024", refusal.Details["algorithm"]);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AnEcdsaP256SignerIsAccepted()
    {
        var signer = SaveSigner(new CertificateRequest(TestAxis.Sender.Code.Value, TestAxis.Sender.Name, CertificateProfile.Signing) { Key = KeySpec.EcP256 }, "ecdsa");
        var (manifest, contents) = CatalogueHub.Letter(313);

        await TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, TestLetters.Sign(manifest, signer), contents);

        Assert.AreEqual(1L, s_hub.Database.Envelopes(manifest.EnvelopeId));
    }

    private static KeyFiles SaveSigner(CertificateRequest request, string name) =>
        s_hub.Axis.Save(s_hub.Axis.Authority().Issue(request), name);
}
