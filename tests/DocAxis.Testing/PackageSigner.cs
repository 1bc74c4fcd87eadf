using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace DocAxis.Testing;

/// <summary>Signs a package as a DMS would: an enveloped XMLDSig over the whole document, placed in the header.</summary>
public static class PackageSigner
{
    public static X509Certificate2 SelfSigned(string subject = "CN=Văn thư, O=UBND tỉnh Nghệ An")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1));
    }

    /// <param name="withoutNamespace">Writes the Signature in edXML's namespace, as published packages do.</param>
    public static string Sign(string xml, X509Certificate2 certificate, bool sha1 = false, bool withoutNamespace = false)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        var header = (XmlElement)document.GetElementsByTagName("edXMLHeader", "http://www.mic.gov.vn/TBT/QCVN_102_2016")[0]!;
        foreach (var old in header.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Signature").ToList())
        {
            header.RemoveChild(old);
        }

        using var key = certificate.GetRSAPrivateKey()!;
        var signed = new SignedXml(document) { SigningKey = key };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = sha1 ? SignedXml.XmlDsigRSASHA1Url : SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference(string.Empty) { DigestMethod = sha1 ? SignedXml.XmlDsigSHA1Url : SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        var info = new KeyInfo();
        info.AddClause(new KeyInfoX509Data(certificate));
        signed.KeyInfo = info;
        signed.ComputeSignature();
        var signature = (XmlElement)document.ImportNode(signed.GetXml(), deep: true);
        header.AppendChild(signature);
        var text = document.OuterXml;
        return withoutNamespace
            ? text.Replace("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">", "<Signature>", StringComparison.Ordinal)
            : text;
    }

    public static byte[] Bytes(string xml) => Encoding.UTF8.GetBytes(xml);

    /// <summary>A certificate and key from PEM files, e.g. an agency's signing certificate of the development PKI.</summary>
    public static X509Certificate2 FromPem(string certificatePath, string keyPath) => X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
}
