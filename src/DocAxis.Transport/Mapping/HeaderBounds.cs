using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using static DocAxis.Core.Letters.HeaderLimits;

namespace DocAxis.Transport.Mapping;

/// <summary>
/// The bounds of the edXML fields a Manifest carries beyond the domain's view (fields 20 and up,
/// the organ fields), checked wherever a manifest is read, whether it came as edXML or not.
/// </summary>
internal static class HeaderBounds
{
    public static void Check(Manifest manifest)
    {
        Organ(manifest.Sender, "manifest.sender");
        for (var i = 0; i < manifest.Recipients.Count; i++)
        {
            Organ(manifest.Recipients[i], $"manifest.recipients[{i}]");
        }

        Text.Optional(manifest.DocumentId, MaxDocumentIdLength, "manifest.document_id");
        Text.Optional(manifest.DocumentType?.Category, MaxShortValueLength, "manifest.document_type.category");
        Text.Optional(manifest.DocumentType?.Code, MaxShortValueLength, "manifest.document_type.code");
        List(manifest.ToPlaces, MaxEntries, MaxPlaceEntryLength, "manifest.to_places");
        if (manifest.OtherInfo is { } other)
        {
            Text.Optional(other.SphereOfPromulgation, MaxOrganFieldLength, "manifest.other_info.sphere_of_promulgation");
            Text.Optional(other.TyperNotation, MaxOrganFieldLength, "manifest.other_info.typer_notation");
            Text.Optional(other.Direction, MaxShortValueLength, "manifest.other_info.direction");
            List(other.Appendixes, MaxEntries, MaxAppendixLength, "manifest.other_info.appendixes");
        }

        Count(manifest.ResponseFor.Count, MaxEntries, "manifest.response_for");
        foreach (var response in manifest.ResponseFor)
        {
            Text.Optional(response.OrganId, MaxWrittenCodeLength, "manifest.response_for.organ_id");
            Text.Optional(response.Code, MaxWrittenCodeLength, "manifest.response_for.code");
            Text.Optional(response.PromulgationDate, MaxShortValueLength, "manifest.response_for.promulgation_date");
            Text.Optional(response.DocumentId, MaxDocumentIdLength, "manifest.response_for.document_id");
        }

        if (manifest.SteeringType > MaxSteeringType)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"manifest.steering_type {manifest.SteeringType} is not 0, 1 or 2.", "manifest.steering_type");
        }

        Count(manifest.TraceHeaders.Count, MaxEntries, "manifest.trace_headers");
        foreach (var trace in manifest.TraceHeaders)
        {
            Text.Optional(trace.OrganId, MaxWrittenCodeLength, "manifest.trace_headers.organ_id");
            Text.Optional(trace.Timestamp, MaxTimestampLength, "manifest.trace_headers.timestamp");
        }

        Business(manifest.Business);
        foreach (var attachment in manifest.Attachments)
        {
            Text.Optional(attachment.ContentId, MaxContentIdLength, "manifest.attachments.content_id");
        }

        if (manifest.PackageSignature is { } signature)
        {
            if (signature.Element.Length > MaxSignatureElementBytes)
            {
                throw new RefusalException(
                    RefusalReason.FieldInvalid, $"manifest.package_signature.element has {signature.Element.Length} bytes; at most {MaxSignatureElementBytes} are allowed.", "manifest.package_signature.element");
            }

            Text.Optional(signature.Reason, MaxVerdictReasonLength, "manifest.package_signature.reason");
            Text.Optional(signature.Signer, MaxSignerSubjectLength, "manifest.package_signature.signer");
        }
    }

    private static void Business(BusinessInfo? business)
    {
        if (business is null)
        {
            return;
        }

        Text.Optional(business.DocumentId, MaxDocumentIdLength, "manifest.business.document_id");
        if (business.Paper > MaxPaper)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"manifest.business.paper {business.Paper} is not 0 or 1.", "manifest.business.paper");
        }

        if (business.Staff is { } staff)
        {
            HeaderLimits.CheckStaff(staff.Department, staff.Staff, staff.Mobile, staff.Email, "manifest.business.staff");
        }

        if (business.DocumentInfo is { } info)
        {
            Text.Optional(info.DocumentInfo, MaxShortValueLength, "manifest.business.document_info.document_info");
            Text.Optional(info.DocumentReceiver, MaxShortValueLength, "manifest.business.document_info.document_receiver");
            Count(info.Receivers.Count, MaxAgencyEntries, "manifest.business.document_info.receivers");
            foreach (var receiver in info.Receivers)
            {
                Text.Optional(receiver.OrganId, MaxWrittenCodeLength, "manifest.business.document_info.receivers.organ_id");
                Text.Optional(receiver.ReceiverType, MaxShortValueLength, "manifest.business.document_info.receivers.receiver_type");
            }
        }

        Count(business.Replacements.Count, MaxEntries, "manifest.business.replacements");
        foreach (var replacement in business.Replacements)
        {
            Text.Optional(replacement.DocumentId, MaxDocumentIdLength, "manifest.business.replacements.document_id");
            List(replacement.OrganIds, MaxAgencyEntries, MaxWrittenCodeLength, "manifest.business.replacements.organ_ids");
        }
    }

    private static void Organ(AgencyRef? organ, string field)
    {
        if (organ is null)
        {
            return;
        }

        Text.Optional(organ.Name, MaxOrganFieldLength, $"{field}.name");
        Text.Optional(organ.OrganizationInCharge, MaxOrganFieldLength, $"{field}.organization_in_charge");
        Text.Optional(organ.Address, MaxOrganFieldLength, $"{field}.address");
        Text.Optional(organ.Email, MaxOrganFieldLength, $"{field}.email");
        Text.Optional(organ.Telephone, MaxOrganFieldLength, $"{field}.telephone");
        Text.Optional(organ.Fax, MaxOrganFieldLength, $"{field}.fax");
        Text.Optional(organ.Website, MaxOrganFieldLength, $"{field}.website");
        Text.Optional(organ.WrittenCode, MaxWrittenCodeLength, $"{field}.written_code");
    }

    private static void List(IReadOnlyCollection<string> values, int maxCount, int maxLength, string field)
    {
        Count(values.Count, maxCount, field);
        foreach (var value in values)
        {
            Text.Optional(value, maxLength, field);
        }
    }

    private static void Count(int count, int max, string field)
    {
        if (count > max)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"{field} has {count} entries; at most {max} are allowed.", field);
        }
    }
}
