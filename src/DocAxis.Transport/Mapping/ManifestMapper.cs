using System.Globalization;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Letters;
using Google.Protobuf;

namespace DocAxis.Transport.Mapping;

/// <summary>
/// Parses manifest bytes (only ever after their signature verified) into the domain's view of a
/// letter. Every refusal names the wire field at fault.
/// </summary>
public static class ManifestMapper
{
    public const uint FormatVersion = 1;

    public static Manifest Parse(byte[] bytes)
    {
        try
        {
            return Manifest.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RefusalException(RefusalReason.MalformedMessage, $"The manifest bytes are not a docaxis.v1.Manifest: {e.Message}", "manifest");
        }
    }

    public static LetterManifest ToDomain(Manifest manifest)
    {
        if (manifest.FormatVersion != FormatVersion)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"manifest.format_version {manifest.FormatVersion} is not supported; use {FormatVersion}.", "manifest.format_version");
        }

        HeaderBounds.Check(manifest);
        return new LetterManifest
        {
            EnvelopeId = EnvelopeId.Parse(manifest.EnvelopeId, "manifest.envelope_id"),
            Sender = AgencyCode.Parse(manifest.Sender?.Code, "manifest.sender.code"),
            Recipients = [.. manifest.Recipients.Select((r, i) => AgencyCode.Parse(r.Code, $"manifest.recipients[{i}].code"))],
            Number = manifest.Code?.Number ?? string.Empty,
            Notation = manifest.Code?.Notation ?? string.Empty,
            IssueDate = ParseDate(manifest.IssueDate, "manifest.issue_date") ?? throw new RefusalException(RefusalReason.FieldInvalid, "manifest.issue_date is required (YYYY-MM-DD).", "manifest.issue_date"),
            IssuePlace = manifest.IssuePlace,
            DocumentTypeName = manifest.DocumentType?.Name ?? string.Empty,
            Subject = manifest.Subject,
            Summary = manifest.Summary,
            SignerName = manifest.Signer?.FullName ?? string.Empty,
            SignerPosition = manifest.Signer?.Position ?? string.Empty,
            SignerCompetence = manifest.Signer?.Competence ?? string.Empty,
            Urgency = (Core.Letters.Urgency)(int)manifest.Urgency,
            DueDate = ParseDate(manifest.DueDate, "manifest.due_date"),
            BusinessType = (Core.Letters.BusinessType)(int)manifest.BusinessType,
            ReferencedEnvelopeId = string.IsNullOrEmpty(manifest.ReferencedEnvelopeId) ? null : EnvelopeId.Parse(manifest.ReferencedEnvelopeId, "manifest.referenced_envelope_id"),
            BusinessReason = manifest.BusinessReason,
            Attachments = [.. manifest.Attachments.Select(a => new AttachmentDescriptor(a.Name, a.MediaType, checked((long)a.Size), a.Sha256.ToByteArray(), a.Description))],
            Classification = (Core.Letters.Classification)(int)manifest.Classification,
        };
    }

    private static DateOnly? ParseDate(string text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new RefusalException(RefusalReason.FieldInvalid, $"{field} \"{text}\" is not a date of the form YYYY-MM-DD.", field);
    }
}
