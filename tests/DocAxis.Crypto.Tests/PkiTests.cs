using DocAxis.Core.Agencies;
using DocAxis.Crypto;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;

using DocAxis.Testing;

namespace DocAxis.Crypto.Tests;

/// <summary>The development PKI and DocAxis signatures, checked by OpenSSL.</summary>
[TestClass]
public sealed class PkiTests
{
    private static readonly AgencyCode Agency = AgencyCode.Parse("000.00.00.G22");
    private static string s_root = null!;
    private static PkiLayout s_layout = null!;

    [ClassInitialize]
    public static void CreatePki(TestContext context)
    {
        s_root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"pki-{Guid.NewGuid().ToString("N")[..8]}");
        s_layout = new PkiLayout(s_root);
        var pki = new DevelopmentPki(s_layout, TimeProvider.System);
        pki.IssueAgency(pki.Initialize(), Agency, "Văn phòng Chính phủ");
    }

    [ClassCleanup]
    public static void RemovePki() => Directory.Delete(s_root, recursive: true);

    [TestMethod]
    public void EveryCertificateVerifiesWithOpenSslAgainstTheRoot()
    {
        var certificates = new[]
        {
            s_layout.HubTls, s_layout.HubSigning, s_layout.OperatorTls, s_layout.AuditorTls, s_layout.AgencyTls(Agency), s_layout.AgencySigning(Agency),
        };
        foreach (var files in certificates)
        {
            var (exit, output) = OpenSsl.Run("verify", "-CAfile", s_layout.TrustAnchorPath, files.CertificatePath);
            Assert.AreEqual(0, exit, output);
            StringAssert.Contains(output, ": OK");
        }
    }

    [TestMethod]
    public void AgencyCertificatesCarryTheAgencyCodeInTheirSubject()
    {
        var (exit, output) = OpenSsl.Run("x509", "-in", s_layout.AgencySigning(Agency).CertificatePath, "-noout", "-subject", "-nameopt", "RFC2253");
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "serialNumber=000.00.00.G22");
        Assert.AreEqual(Agency, CertificateIdentity.AgencyOf(PemFiles.ReadCertificate(s_layout.AgencyTls(Agency).CertificatePath)));
    }

    [TestMethod]
    public void PrivateKeysAreReadableByTheirOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("File modes are POSIX; Windows uses ACLs.");
            return;
        }

        var keys = Directory.GetFiles(s_root, "*.key", SearchOption.AllDirectories);
        Assert.HasCount(7, keys);
        foreach (var key in keys)
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key), key);
        }
    }

    [TestMethod]
    public void InitializeRefusesToReplaceAnExistingAuthority()
    {
        Assert.ThrowsExactly<IOException>(() => new DevelopmentPki(s_layout, TimeProvider.System).Initialize());
    }

    [TestMethod]
    public void ADocAxisSignatureVerifiesWithOpenSslCms()
    {
        var content = "Manifest bytes, signed as bytes"u8.ToArray();
        var signature = DetachedSignature.Create(content, SigningCredential.Load(s_layout.AgencySigning(Agency)), TimeProvider.System.GetUtcNow());
        var folder = Path.Combine(s_root, "cms");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "manifest.bin"), content);
        File.WriteAllBytes(Path.Combine(folder, "manifest.p7s"), signature);

        var (exit, output) = OpenSsl.Run(
            "cms", "-verify", "-binary", "-inform", "DER", "-in", Path.Combine(folder, "manifest.p7s"),
            "-content", Path.Combine(folder, "manifest.bin"), "-CAfile", s_layout.TrustAnchorPath, "-out", Path.Combine(folder, "verified.bin"));
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "Verification successful");

        content[0] ^= 1;
        File.WriteAllBytes(Path.Combine(folder, "manifest.bin"), content);
        var (tampered, _) = OpenSsl.Run(
            "cms", "-verify", "-binary", "-inform", "DER", "-in", Path.Combine(folder, "manifest.p7s"),
            "-content", Path.Combine(folder, "manifest.bin"), "-CAfile", s_layout.TrustAnchorPath, "-out", Path.Combine(folder, "verified.bin"));
        Assert.AreNotEqual(0, tampered, "OpenSSL also rejects altered bytes");
    }

    [TestMethod]
    public void ASignatureFromAnUntrustedRootIsRefused()
    {
        var stranger = CertificateAuthority.CreateRoot("Stranger CA", TimeProvider.System)
            .Issue(new CertificateRequest(Agency.Value, "Giả mạo", CertificateProfile.Signing));
        var credential = new SigningCredential(stranger.Certificate, stranger.PrivateKey, []);
        var content = "x"u8.ToArray();
        var signature = DetachedSignature.Create(content, credential, TimeProvider.System.GetUtcNow());
        var verifier = new SignatureVerifier(new CertificateValidator(TrustStore.Load([s_layout.TrustAnchorPath], [])), TimeProvider.System, TimeSpan.FromMinutes(5));

        var refusal = Assert.ThrowsExactly<Core.RefusalException>(() => verifier.Verify(content, signature, "manifest"));
        Assert.AreEqual(Core.RefusalReason.CertificateUntrusted, refusal.Reason);
        StringAssert.Contains(refusal.Message, "Stranger CA");
    }
}
