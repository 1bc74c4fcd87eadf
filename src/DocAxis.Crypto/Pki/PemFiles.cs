using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Pki;

/// <summary>Reads and writes certificates and private keys as PEM, the format OpenSSL and Kestrel read.</summary>
public static class PemFiles
{
    /// <summary>Only the owner may read a private key.</summary>
    public const UnixFileMode PrivateKeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static IReadOnlyList<X509Certificate> ReadCertificates(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var certificates = new X509CertificateParser().ReadCertificates(bytes);
        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"{path} holds no certificate (PEM or DER expected).");
        }

        return [.. certificates];
    }

    public static X509Certificate ReadCertificate(string path) => ReadCertificates(path)[0];

    public static AsymmetricKeyParameter ReadPrivateKey(string path)
    {
        using var reader = new StreamReader(path);
        var pem = new PemReader(reader).ReadObject();
        return pem switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter { IsPrivate: true } key => key,
            _ => throw new InvalidDataException($"{path} holds no unencrypted private key (PKCS#8 or PKCS#1 PEM expected)."),
        };
    }

    public static void WriteCertificates(string path, params X509Certificate[] certificates)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path);
        var pem = new PemWriter(writer);
        foreach (var certificate in certificates)
        {
            pem.WriteObject(certificate);
        }
    }

    public static void WritePrivateKey(string path, AsymmetricKeyParameter key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateKeyMode;
        }

        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to new files; an overwritten key must not keep wider rights.
            File.SetUnixFileMode(path, PrivateKeyMode);
        }

        using var writer = new StreamWriter(stream);
        new PemWriter(writer).WriteObject(new Pkcs8Generator(key));
    }
}
