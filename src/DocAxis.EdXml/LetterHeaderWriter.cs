using System.Xml;
using DocAxis.Contracts.V1;

namespace DocAxis.EdXml;

/// <summary>
/// Writes a Manifest back as a letter's edXMLHeader. Every element of the standard's header is
/// written, empty where the Manifest has no value, so that strict readers find what they expect.
/// </summary>
internal static class LetterHeaderWriter
{
    public static async Task WriteAsync(XmlWriter xml, Manifest manifest)
    {
        await Start(xml, EdXmlNames.Header);
        await Start(xml, EdXmlNames.MessageHeader);
        await Organ(xml, "From", manifest.Sender ?? new AgencyRef());
        foreach (var recipient in manifest.Recipients)
        {
            await Organ(xml, "To", recipient);
        }

        await Leaf(xml, "DocumentId", manifest.DocumentId);
        await Start(xml, "Code");
        await Leaf(xml, "CodeNumber", manifest.Code?.Number);
        await Leaf(xml, "CodeNotation", manifest.Code?.Notation);
        await End(xml);
        await Start(xml, "PromulgationInfo");
        await Leaf(xml, "Place", manifest.IssuePlace);
        await Leaf(xml, "PromulgationDate", EdXmlDates.ToPackage(manifest.IssueDate));
        await End(xml);
        await Start(xml, "DocumentType");
        await Leaf(xml, "Type", manifest.DocumentType?.Category);
        await Leaf(xml, "TypeDetail", manifest.DocumentType?.Code);
        await Leaf(xml, "TypeName", manifest.DocumentType?.Name);
        await End(xml);
        await Leaf(xml, "Subject", manifest.Subject);
        await Leaf(xml, "Content", manifest.Summary);
        await Start(xml, "SignerInfo");
        await Leaf(xml, "Competence", manifest.Signer?.Competence);
        await Leaf(xml, "Position", manifest.Signer?.Position);
        await Leaf(xml, "FullName", manifest.Signer?.FullName);
        await End(xml);
        await Leaf(xml, "DueDate", EdXmlDates.ToPackage(manifest.DueDate));
        await Start(xml, "ToPlaces");
        foreach (var place in manifest.ToPlaces)
        {
            await Leaf(xml, "Place", place);
        }

        await End(xml);
        await OtherInfo(xml, manifest);
        foreach (var response in manifest.ResponseFor)
        {
            await Start(xml, "ResponseFor");
            await Leaf(xml, "OrganId", response.OrganId);
            await Leaf(xml, "Code", response.Code);
            await Leaf(xml, "PromulgationDate", EdXmlDates.ToPackage(response.PromulgationDate));
            await Leaf(xml, "DocumentId", response.DocumentId);
            await End(xml);
        }

        await Leaf(xml, "SteeringType", Number(manifest.SteeringType));
        await End(xml);
        await Trace(xml, manifest);
        if (manifest.PackageSignature is { Element.IsEmpty: false } signature)
        {
            await xml.WriteRawAsync(signature.Element.ToStringUtf8());
        }

        await End(xml);
    }

    public static Task Start(XmlWriter xml, string name) => xml.WriteStartElementAsync(EdXmlNames.Prefix, name, EdXmlNames.Namespace);

    public static Task End(XmlWriter xml) => xml.WriteEndElementAsync();

    public static async Task Leaf(XmlWriter xml, string name, string? value)
    {
        await Start(xml, name);
        await xml.WriteStringAsync(value ?? string.Empty);
        await End(xml);
    }

    public static string Number(uint value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task Staff(XmlWriter xml, StaffInfo? staff)
    {
        await Start(xml, "StaffInfo");
        await Leaf(xml, "Department", staff?.Department);
        await Leaf(xml, "Staff", staff?.Staff);
        await Leaf(xml, "Mobile", staff?.Mobile);
        await Leaf(xml, "Email", staff?.Email);
        await End(xml);
    }

    public static async Task Organ(XmlWriter xml, string name, AgencyRef organ)
    {
        await Start(xml, name);
        await Leaf(xml, "OrganId", string.IsNullOrEmpty(organ.WrittenCode) ? organ.Code : organ.WrittenCode);
        await Leaf(xml, "OrganizationInCharge", organ.OrganizationInCharge);
        await Leaf(xml, "OrganName", organ.Name);
        await Leaf(xml, "OrganAdd", organ.Address);
        await Leaf(xml, "Email", organ.Email);
        await Leaf(xml, "Telephone", organ.Telephone);
        await Leaf(xml, "Fax", organ.Fax);
        await Leaf(xml, "Website", organ.Website);
        await End(xml);
    }

    private static async Task OtherInfo(XmlWriter xml, Manifest manifest)
    {
        var other = manifest.OtherInfo ?? new OtherInfo();
        await Start(xml, "OtherInfo");
        await Leaf(xml, "Priority", Number((uint)manifest.Urgency));
        await Leaf(xml, "SphereOfPromulgation", other.SphereOfPromulgation);
        await Leaf(xml, "TyperNotation", other.TyperNotation);
        await Leaf(xml, "PromulgationAmount", Number(other.PromulgationAmount));
        await Leaf(xml, "PageAmount", Number(other.PageAmount));
        await Leaf(xml, "Direction", other.Direction);
        await Start(xml, "Appendixes");
        foreach (var appendix in other.Appendixes)
        {
            await Leaf(xml, "Appendix", appendix);
        }

        await End(xml);
        await End(xml);
    }

    private static async Task Trace(XmlWriter xml, Manifest manifest)
    {
        await Start(xml, EdXmlNames.TraceHeaderList);
        foreach (var trace in manifest.TraceHeaders)
        {
            await Start(xml, "TraceHeader");
            await Leaf(xml, "OrganId", trace.OrganId);
            await Leaf(xml, "Timestamp", trace.Timestamp);
            await End(xml);
        }

        var business = manifest.Business ?? new BusinessInfo();
        await Start(xml, "Bussiness");
        await Leaf(xml, "BussinessDocType", Number((uint)manifest.BusinessType));
        await Leaf(xml, "BussinessDocReason", manifest.BusinessReason);
        await Leaf(xml, "DocumentId", business.DocumentId);
        await Leaf(xml, "Paper", Number(business.Paper));
        await Staff(xml, business.Staff);
        if (business.DocumentInfo is { } info)
        {
            await Start(xml, "BussinessDocumentInfo");
            await Leaf(xml, "DocumentInfo", info.DocumentInfo);
            await Leaf(xml, "DocumentReceiver", info.DocumentReceiver);
            await Start(xml, "ReceiverList");
            foreach (var receiver in info.Receivers)
            {
                await Start(xml, "Receiver");
                await Leaf(xml, "OrganId", receiver.OrganId);
                await Leaf(xml, "ReceiverType", receiver.ReceiverType);
                await End(xml);
            }

            await End(xml);
            await End(xml);
        }

        if (business.Replacements.Count > 0)
        {
            await Start(xml, "ReplacementInfoList");
            foreach (var replacement in business.Replacements)
            {
                await Start(xml, "ReplacementInfo");
                await Leaf(xml, "DocumentId", replacement.DocumentId);
                await Start(xml, "OrganIdList");
                foreach (var organ in replacement.OrganIds)
                {
                    await Leaf(xml, "OrganId", organ);
                }

                await End(xml);
                await End(xml);
            }

            await End(xml);
        }

        await End(xml);
        await End(xml);
    }
}
