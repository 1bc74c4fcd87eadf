namespace DocAxis.EdXml;

/// <summary>The namespace and element names of QCVN 102:2016 edXML, spelled as the standard spells them.</summary>
public static class EdXmlNames
{
    public const string Namespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
    public const string Prefix = "edXML";
    public const string XmlDsigNamespace = "http://www.w3.org/2000/09/xmldsig#";

    public const string Root = "edXML";
    public const string Envelope = "edXMLEnvelope";
    public const string Header = "edXMLHeader";
    public const string MessageHeader = "MessageHeader";
    public const string TraceHeaderList = "TraceHeaderList";
    public const string Body = "edXMLBody";
    public const string Manifest = "edXMLManifest";
    public const string Reference = "Reference";
    public const string AttachmentEncoded = "AttachmentEncoded";
    public const string Attachment = "Attachment";
    public const string Signature = "Signature";
}
