using DocAxis.Crypto.Pki;

namespace DocAxis.Testing;

/// <summary>
/// `openssl ca` run over a CA that DocAxis created: it keeps the index of issued and revoked
/// certificates and makes the CRLs, so that revocation data comes from an implementation nobody
/// here wrote.
/// </summary>
public sealed class OpenSslCa
{
    public OpenSslCa(string folder, CertificateAuthority authority)
    {
        Folder = Directory.CreateDirectory(folder).FullName;
        Directory.CreateDirectory(Path.Combine(Folder, "newcerts"));
        authority.Root.WriteTo(CertificatePath, KeyPath);
        File.WriteAllText(Path.Combine(Folder, "index.txt"), string.Empty);
        File.WriteAllText(Path.Combine(Folder, "crlnumber"), "1000\n");
        File.WriteAllText(ConfigPath, $"""
            [ ca ]
            default_ca = docaxis_test
            [ docaxis_test ]
            database = {Folder}/index.txt
            new_certs_dir = {Folder}/newcerts
            certificate = {CertificatePath}
            private_key = {KeyPath}
            serial = {Folder}/serial
            crlnumber = {Folder}/crlnumber
            default_md = sha256
            default_crl_days = 7
            unique_subject = no
            policy = policy_any
            [ policy_any ]
            commonName = optional
            """);
    }

    public string Folder { get; }

    public string CertificatePath => Path.Combine(Folder, "ca.crt");

    public string KeyPath => Path.Combine(Folder, "ca.key");

    public string ConfigPath => Path.Combine(Folder, "ca.cnf");

    public string IndexPath => Path.Combine(Folder, "index.txt");

    public string CrlPemPath => Path.Combine(Folder, "ca.crl.pem");

    public string CrlDerPath => Path.Combine(Folder, "ca.crl");

    /// <summary>Writes a certificate DocAxis issued and records it as valid in the index (for the OCSP responder).</summary>
    public string Record(IssuedCertificate issued, string name)
    {
        var path = Path.Combine(Folder, name + ".crt");
        issued.WriteTo(path, Path.Combine(Folder, name + ".key"));
        Run("ca", "-config", ConfigPath, "-valid", path);
        return path;
    }

    public void Revoke(string certificatePath, string reason = "keyCompromise") =>
        Run("ca", "-config", ConfigPath, "-revoke", certificatePath, "-crl_reason", reason);

    /// <summary>Makes a CRL from the index, as PEM and DER.</summary>
    public void PublishCrl()
    {
        Run("ca", "-config", ConfigPath, "-gencrl", "-out", CrlPemPath);
        Run("crl", "-in", CrlPemPath, "-outform", "DER", "-out", CrlDerPath);
    }

    private void Run(params string[] arguments)
    {
        var (exit, output) = OpenSsl.RunIn(Folder, arguments);
        Assert.AreEqual(0, exit, $"openssl {string.Join(' ', arguments)}: {output}");
    }
}
