using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace DocAxis.EdXml;

/// <summary>What the XML side found: whether the signature verifies over the document, with what, by which certificate.</summary>
/// <param name="Verifies">Null when it was not checked at all (see <see cref="Reason"/>).</param>
/// <param name="WeakAlgorithm">The weak algorithm it uses (e.g. SHA-1), if any.</param>
public sealed record XmlSignatureCheck(bool? Verifies, string Reason, byte[]? CertificateDer, string Signer, string? WeakAlgorithm)
{
    public static XmlSignatureCheck NotVerified(string reason) => new(null, $"Not verified: {reason}.", null, string.Empty, null);

    public static XmlSignatureCheck Invalid(string reason, string signer = "", byte[]? certificate = null) => new(false, reason, certificate, signer, null);
}

/// <summary>
/// Verifies an edXML header's enveloped XMLDSig over the whole document. Published packages often
/// write the Signature without the XMLDSig namespace (so it sits in edXML's), carry a placeholder
/// value or a truncated certificate: each is a verdict, never a crash. Only same-document
/// references are followed; the document is read without DTDs or a resolver.
/// </summary>
public static class XmlSignatures
{
    private static readonly string[] WeakMarks = ["sha1", "md5"];

    public static XmlSignatureCheck Check(byte[] package)
    {
        XmlDocument document;
        try
        {
            document = Load(package);
        }
        catch (XmlException e)
        {
            return XmlSignatureCheck.Invalid($"The package cannot be read for verification: {e.Message}");
        }

        var header = document.DocumentElement?.GetElementsByTagName(EdXmlNames.Header, EdXmlNames.Namespace).OfType<XmlElement>().FirstOrDefault();
        var signature = header?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == EdXmlNames.Signature
            && e.NamespaceURI is EdXmlNames.XmlDsigNamespace or EdXmlNames.Namespace);
        if (signature is null)
        {
            return XmlSignatureCheck.NotVerified("the header carries no Signature");
        }

        var note = string.Empty;
        if (signature.NamespaceURI != EdXmlNames.XmlDsigNamespace)
        {
            signature = Requalify(signature);
            note = " The Signature was written without the XMLDSig namespace and was verified as if it had it.";
        }

        try
        {
            return Verify(document, signature, note);
        }
        catch (Exception e) when (e is CryptographicException or XmlException or FormatException or InvalidOperationException or ArgumentException)
        {
            return XmlSignatureCheck.Invalid($"The Signature cannot be verified: {e.Message}{note}");
        }
    }

    private static XmlSignatureCheck Verify(XmlDocument document, XmlElement element, string note)
    {
        if (element.GetElementsByTagName("SignatureValue", EdXmlNames.XmlDsigNamespace).Count == 0)
        {
            return XmlSignatureCheck.Invalid($"The Signature is empty: it has no SignatureValue.{note}");
        }

        // Read before SignedXml does, so that a truncated certificate is named as such.
        var certificate = Certificate(element, out var problem);
        if (certificate is null)
        {
            return XmlSignatureCheck.Invalid($"{problem}{note}");
        }

        using var owned = certificate;
        var signed = new SignedXml(document);
        signed.LoadXml(element);
        foreach (Reference reference in signed.SignedInfo!.References)
        {
            if (!string.IsNullOrEmpty(reference.Uri) && !reference.Uri.StartsWith('#'))
            {
                return XmlSignatureCheck.Invalid($"The Signature refers to \"{reference.Uri}\", outside the package; only the package itself is verified.{note}");
            }
        }

        var signer = certificate.Subject;
        var der = certificate.RawData;
        if (!signed.CheckSignature(certificate, verifySignatureOnly: true))
        {
            return XmlSignatureCheck.Invalid($"The signature by \"{signer}\" does not match the package: its digest or value is wrong (altered content, or a placeholder).{note}", signer, der);
        }

        var algorithms = new[] { signed.SignedInfo.SignatureMethod ?? string.Empty }
            .Concat(signed.SignedInfo.References.OfType<Reference>().Select(r => r.DigestMethod ?? string.Empty));
        var weak = algorithms.FirstOrDefault(a => WeakMarks.Any(m => a.EndsWith(m, StringComparison.OrdinalIgnoreCase)));
        var reason = weak is null
            ? $"The signature by \"{signer}\" verifies over the package ({signed.SignedInfo.SignatureMethod}).{note}"
            : $"The signature by \"{signer}\" verifies, but with {weak}: SHA-1 and MD5 no longer resist forgery.{note}";
        return new XmlSignatureCheck(true, reason, der, signer, weak);
    }

    private static X509Certificate2? Certificate(XmlElement signature, out string problem)
    {
        var encoded = signature.GetElementsByTagName("X509Certificate", EdXmlNames.XmlDsigNamespace).OfType<XmlElement>().FirstOrDefault()?.InnerText.Trim();
        if (string.IsNullOrEmpty(encoded))
        {
            problem = "The Signature carries no X509Certificate, so who signed cannot be established.";
            return null;
        }

        try
        {
            problem = string.Empty;
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(encoded));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            problem = $"The Signature's X509Certificate ({encoded.Length} characters) is not a certificate: truncated or a placeholder ({e.Message}).";
            return null;
        }
    }

    private static XmlDocument Load(byte[] package)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var settings = EdXmlReader.Settings.Clone();
        settings.Async = false;
        settings.IgnoreComments = false;
        settings.IgnoreProcessingInstructions = false;
        using var reader = XmlReader.Create(new MemoryStream(package, writable: false), settings);
        document.Load(reader);
        return document;
    }

    /// <summary>The same element tree moved into the XMLDSig namespace, in place.</summary>
    private static XmlElement Requalify(XmlElement element)
    {
        var copy = element.OwnerDocument.CreateElement(element.LocalName, EdXmlNames.XmlDsigNamespace);
        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (attribute.Name != "xmlns")
            {
                copy.SetAttribute(attribute.LocalName, attribute.NamespaceURI, attribute.Value);
            }
        }

        foreach (var child in element.ChildNodes.OfType<XmlNode>().ToList())
        {
            copy.AppendChild(child is XmlElement inner && inner.NamespaceURI == EdXmlNames.Namespace ? Requalify(inner) : child.CloneNode(deep: true));
        }

        element.ParentNode?.ReplaceChild(copy, element);
        return copy;
    }
}
