using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Pki;

/// <summary>A certificate with its private key, as a certificate authority issued it.</summary>
public sealed record IssuedCertificate(X509Certificate Certificate, AsymmetricKeyParameter PrivateKey)
{
    public void WriteTo(string certificatePath, string keyPath, params X509Certificate[] chain)
    {
        PemFiles.WriteCertificates(certificatePath, [Certificate, .. chain]);
        PemFiles.WritePrivateKey(keyPath, PrivateKey);
    }
}
