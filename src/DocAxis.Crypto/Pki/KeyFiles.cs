namespace DocAxis.Crypto.Pki;

/// <summary>Where a certificate (PEM, leaf first, then its chain) and its private key (PKCS#8 PEM) are.</summary>
public sealed record KeyFiles(string CertificatePath, string KeyPath)
{
    public bool Exist => File.Exists(CertificatePath) && File.Exists(KeyPath);
}
