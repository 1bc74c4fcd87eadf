using System.Text;
using System.Xml.Linq;
using DocAxis.Contracts.V1;
using Google.Protobuf;
using static DocAxis.Core.Letters.HeaderLimits;
using static DocAxis.Core.Letters.ManifestRules;

namespace DocAxis.EdXml;

/// <summary>
/// Maps a letter's edXMLHeader onto the Manifest, field by field. Agency codes are kept as written:
/// mapping an older code to the current one is the directory's business, at the node.
/// </summary>
internal static class LetterHeaderReader
{
    public static Manifest Read(XElement header)
    {
        var fields = new Fields(header, EdXmlNames.Header);
        var message = fields.Required(EdXmlNames.MessageHeader);
        if (message.Optional("StatusCode") is not null)
        {
            throw PackageFaults.KindMismatch("The package is an edXML status message (its MessageHeader has a StatusCode); send it as a status, not as a letter.");
        }

        var manifest = new Manifest
        {
            Sender = Organ(message.Required("From")),
            DocumentId = message.Text("DocumentId", MaxDocumentIdLength),
            Subject = message.Text("Subject", MaxSubjectLength, required: true),
            Summary = message.Text("Content", MaxSummaryLength),
            DueDate = EdXmlDates.ToManifest(message.Date("DueDate")),
            SteeringType = message.Number("SteeringType", MaxSteeringType),

            // The writer always writes these, empty or not, so an absent one reads as an empty one.
            DocumentType = new DocumentType(),
            Signer = new SignerInfo(),
            OtherInfo = new OtherInfo(),
            Business = new BusinessInfo { Staff = new StaffInfo() },
        };
        var recipients = message.Many("To", MaxAgencyEntries).ToList();
        if (recipients.Count == 0)
        {
            throw PackageFaults.Invalid($"{message.Path}/To", "at least one To is required.", message.Element);
        }

        manifest.Recipients.Add(recipients.Select(Organ));
        var code = message.Required("Code");
        manifest.Code = new DocumentCode
        {
            Number = code.Text("CodeNumber", MaxNumberLength, required: true),
            Notation = code.Text("CodeNotation", MaxNotationLength),
        };
        var promulgation = message.Required("PromulgationInfo");
        manifest.IssuePlace = promulgation.Text("Place", MaxPlaceLength);
        manifest.IssueDate = EdXmlDates.ToManifest(promulgation.Date("PromulgationDate", required: true));

        if (message.Optional("DocumentType") is { } type)
        {
            manifest.DocumentType = new DocumentType
            {
                Category = type.Text("Type", MaxShortValueLength),
                Code = type.Text("TypeDetail", MaxShortValueLength),
                Name = type.Text("TypeName", MaxTypeNameLength),
            };
        }

        if (message.Optional("SignerInfo") is { } signer)
        {
            manifest.Signer = new SignerInfo
            {
                Competence = signer.Text("Competence", MaxSignerFieldLength),
                Position = signer.Text("Position", MaxSignerFieldLength),
                FullName = signer.Text("FullName", MaxSignerFieldLength),
            };
        }

        if (message.Optional("ToPlaces") is { } places)
        {
            manifest.ToPlaces.Add(places.Texts("Place", MaxEntries, MaxPlaceEntryLength));
        }

        if (message.Optional("OtherInfo") is { } other)
        {
            ReadOtherInfo(other, manifest);
        }

        manifest.ResponseFor.Add(message.Many("ResponseFor", MaxEntries).Select(ResponseFor));
        if (fields.Optional(EdXmlNames.TraceHeaderList) is { } trace)
        {
            ReadTrace(trace, manifest);
        }

        if (SignatureElement(header) is { } signature)
        {
            manifest.PackageSignature = new PackageSignature { Element = ByteString.CopyFrom(Encoding.UTF8.GetBytes(signature.ToString(SaveOptions.DisableFormatting))) };
        }

        return manifest;
    }

    /// <summary>The header's XMLDSig, in its own namespace or, as many published packages write it, in edXML's.</summary>
    public static XElement? SignatureElement(XElement header) =>
        header.Element(XName.Get(EdXmlNames.Signature, EdXmlNames.XmlDsigNamespace)) ?? header.Element(Fields.Name(EdXmlNames.Signature));

    public static AgencyRef Organ(Fields organ) => new()
    {
        Code = organ.Text("OrganId", MaxWrittenCodeLength, required: true),
        OrganizationInCharge = organ.Text("OrganizationInCharge", MaxOrganFieldLength),
        Name = organ.Text("OrganName", MaxOrganFieldLength),
        Address = organ.Text("OrganAdd", MaxOrganFieldLength),
        Email = organ.Text("Email", MaxOrganFieldLength),
        Telephone = organ.Text("Telephone", MaxOrganFieldLength),
        Fax = organ.Text("Fax", MaxOrganFieldLength),
        Website = organ.Text("Website", MaxOrganFieldLength),
    };

    private static void ReadOtherInfo(Fields other, Manifest manifest)
    {
        manifest.Urgency = (Urgency)other.Number("Priority", (uint)Urgency.FlashTimed);
        manifest.OtherInfo = new OtherInfo
        {
            SphereOfPromulgation = other.Text("SphereOfPromulgation", MaxOrganFieldLength),
            TyperNotation = other.Text("TyperNotation", MaxOrganFieldLength),
            PromulgationAmount = other.Number("PromulgationAmount", uint.MaxValue),
            PageAmount = other.Number("PageAmount", uint.MaxValue),
            Direction = other.Text("Direction", MaxShortValueLength),
        };
        if (other.Optional("Appendixes") is { } appendixes)
        {
            manifest.OtherInfo.Appendixes.Add(appendixes.Texts("Appendix", MaxEntries, MaxAppendixLength));
        }
    }

    private static ResponseFor ResponseFor(Fields response) => new()
    {
        OrganId = response.Text("OrganId", MaxWrittenCodeLength),
        Code = response.Text("Code", MaxWrittenCodeLength),
        PromulgationDate = EdXmlDates.ToManifest(response.Date("PromulgationDate")),
        DocumentId = response.Text("DocumentId", MaxDocumentIdLength),
    };

    private static void ReadTrace(Fields trace, Manifest manifest)
    {
        manifest.TraceHeaders.Add(trace.Many("TraceHeader", MaxEntries).Select(t => new TraceHeader
        {
            OrganId = t.Text("OrganId", MaxWrittenCodeLength),
            Timestamp = t.Text("Timestamp", MaxTimestampLength),
        }));
        if (trace.Optional("Bussiness") is not { } business)
        {
            return;
        }

        var type = business.Number("BussinessDocType", (uint)BusinessType.Replace);
        manifest.BusinessType = (BusinessType)type;
        manifest.BusinessReason = business.Text("BussinessDocReason", MaxSummaryLength);
        manifest.Business = new BusinessInfo
        {
            DocumentId = business.Text("DocumentId", MaxDocumentIdLength),
            Paper = business.Number("Paper", MaxPaper),
            Staff = new StaffInfo(),
        };
        if (business.Optional("StaffInfo") is { } staff)
        {
            manifest.Business.Staff = Staff(staff);
        }

        if (business.Optional("BussinessDocumentInfo") is { } info)
        {
            manifest.Business.DocumentInfo = new BusinessDocumentInfo
            {
                DocumentInfo = info.Text("DocumentInfo", MaxShortValueLength),
                DocumentReceiver = info.Text("DocumentReceiver", MaxShortValueLength),
                Receivers =
                {
                    info.Optional("ReceiverList")?.Many("Receiver", MaxAgencyEntries).Select(r => new BusinessReceiver
                    {
                        OrganId = r.Text("OrganId", MaxWrittenCodeLength),
                        ReceiverType = r.Text("ReceiverType", MaxShortValueLength),
                    }) ?? [],
                },
            };
        }

        if (business.Optional("ReplacementInfoList") is { } replacements)
        {
            manifest.Business.Replacements.Add(replacements.Many("ReplacementInfo", MaxEntries).Select(r => new ReplacementInfo
            {
                DocumentId = r.Text("DocumentId", MaxDocumentIdLength),
                OrganIds = { r.Optional("OrganIdList")?.Texts("OrganId", MaxAgencyEntries, MaxWrittenCodeLength) ?? [] },
            }));
        }
    }

    public static StaffInfo Staff(Fields staff) => new()
    {
        Department = staff.Text("Department", MaxOrganFieldLength),
        Staff = staff.Text("Staff", MaxSignerFieldLength),
        Mobile = staff.Text("Mobile", MaxOrganFieldLength),
        Email = staff.Text("Email", MaxOrganFieldLength),
    };
}
