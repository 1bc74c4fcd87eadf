using DocAxis.Core.Agencies;

namespace DocAxis.Core.Letters;

/// <summary>
/// The rules every letter obeys before anyone stores it: the edXML field limits (QCVN 102 as the
/// Bkav validator applies them), the exchange limits, and that the axis carries nothing classified.
/// Field names in refusals are the wire names of the Manifest message.
/// </summary>
public static class ManifestRules
{
    public const int MaxNumberLength = 11;
    public const int MaxNotationLength = 30;
    public const int MaxPlaceLength = 50;
    public const int MaxTypeNameLength = 100;
    public const int MaxSubjectLength = 500;
    public const int MaxSummaryLength = 500;
    public const int MaxSignerFieldLength = 100;
    public const int MaxAttachmentNameLength = 255;
    public const int MaxMediaTypeLength = 127;

    public static void Validate(LetterManifest manifest, ExchangeLimits limits)
    {
        if (manifest.Classification != Classification.Unclassified)
        {
            throw new RefusalException(
                RefusalReason.ClassifiedDocument,
                $"The letter is marked {manifest.Classification}; classified documents never travel on the axis.",
                "manifest.classification");
        }

        ValidateRecipients(manifest, limits);
        Text.Required(manifest.Number, MaxNumberLength, "manifest.code.number");
        Text.Optional(manifest.Notation, MaxNotationLength, "manifest.code.notation");
        Text.Optional(manifest.IssuePlace, MaxPlaceLength, "manifest.issue_place");
        Text.Optional(manifest.DocumentTypeName, MaxTypeNameLength, "manifest.document_type.name");
        Text.Required(manifest.Subject, MaxSubjectLength, "manifest.subject");
        Text.Optional(manifest.Summary, MaxSummaryLength, "manifest.summary");
        Text.Optional(manifest.SignerName, MaxSignerFieldLength, "manifest.signer.full_name");
        Text.Optional(manifest.SignerPosition, MaxSignerFieldLength, "manifest.signer.position");
        Text.Optional(manifest.SignerCompetence, MaxSignerFieldLength, "manifest.signer.competence");
        Text.Optional(manifest.BusinessReason, MaxSummaryLength, "manifest.business_reason");

        if (!Enum.IsDefined(manifest.Urgency))
        {
            throw Invalid("manifest.urgency", $"urgency {(int)manifest.Urgency} is not one of 0 (normal) to 4 (flash, timed).");
        }

        if (manifest.DueDate is { } due && due < manifest.IssueDate)
        {
            throw Invalid("manifest.due_date", $"due_date {due:yyyy-MM-dd} is before issue_date {manifest.IssueDate:yyyy-MM-dd}.");
        }

        ValidateBusiness(manifest);
        ValidateAttachments(manifest, limits);
    }

    private static void ValidateRecipients(LetterManifest manifest, ExchangeLimits limits)
    {
        if (manifest.Recipients.Count == 0)
        {
            throw Invalid("manifest.recipients", "manifest.recipients is empty; a letter needs at least one recipient agency.");
        }

        if (manifest.Recipients.Count > limits.MaxRecipients)
        {
            throw Limit("max_recipients", $"The letter has {manifest.Recipients.Count} recipients; the limit is {limits.MaxRecipients}.");
        }

        var seen = new HashSet<AgencyCode>();
        for (var i = 0; i < manifest.Recipients.Count; i++)
        {
            var recipient = manifest.Recipients[i];
            if (recipient == manifest.Sender)
            {
                throw Invalid($"manifest.recipients[{i}]", $"recipient {recipient} is the sender itself.");
            }

            if (!seen.Add(recipient))
            {
                throw Invalid($"manifest.recipients[{i}]", $"recipient {recipient} is listed more than once.");
            }
        }
    }

    private static void ValidateBusiness(LetterManifest manifest)
    {
        if (!Enum.IsDefined(manifest.BusinessType))
        {
            throw Invalid("manifest.business_type", $"business_type {(int)manifest.BusinessType} is not one of 0 (new), 1 (revoke), 2 (update), 3 (replace).");
        }

        var needsReference = manifest.BusinessType != BusinessType.New;
        if (needsReference && manifest.ReferencedEnvelopeId is null)
        {
            throw Invalid("manifest.referenced_envelope_id", $"a {manifest.BusinessType} letter must name the envelope it refers to.");
        }

        if (!needsReference && manifest.ReferencedEnvelopeId is not null)
        {
            throw Invalid("manifest.referenced_envelope_id", "a new letter must not refer to an earlier envelope.");
        }

        if (manifest.ReferencedEnvelopeId == manifest.EnvelopeId)
        {
            throw Invalid("manifest.referenced_envelope_id", "a letter cannot refer to itself.");
        }
    }

    private static void ValidateAttachments(LetterManifest manifest, ExchangeLimits limits)
    {
        if (manifest.Attachments.Count > limits.MaxAttachments)
        {
            throw Limit("max_attachments", $"The letter has {manifest.Attachments.Count} attachments; the limit is {limits.MaxAttachments}.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < manifest.Attachments.Count; i++)
        {
            var attachment = manifest.Attachments[i];
            var field = $"manifest.attachments[{i}]";
            Text.Required(attachment.Name, MaxAttachmentNameLength, $"{field}.name");
            if (attachment.Name.IndexOfAny(['/', '\\']) >= 0 || attachment.Name.Any(char.IsControl) || attachment.Name is "." or "..")
            {
                throw Invalid($"{field}.name", $"attachment name \"{attachment.Name}\" must be a plain file name (no path separators or control characters).");
            }

            if (!names.Add(attachment.Name))
            {
                throw Invalid($"{field}.name", $"attachment name \"{attachment.Name}\" is used twice.");
            }

            Text.Required(attachment.MediaType, MaxMediaTypeLength, $"{field}.media_type");
            if (!attachment.MediaType.Contains('/'))
            {
                throw Invalid($"{field}.media_type", $"media_type \"{attachment.MediaType}\" is not of the form type/subtype.");
            }

            Text.Optional(attachment.Description, MaxSummaryLength, $"{field}.description");
            if (attachment.Sha256.Length != 32)
            {
                throw Invalid($"{field}.sha256", $"sha256 has {attachment.Sha256.Length} bytes; a SHA-256 digest has 32.");
            }

            if (attachment.Size == 0)
            {
                // An empty attachment is almost always a DMS that streamed fewer files than it listed.
                throw Invalid($"{field}.size", $"attachment \"{attachment.Name}\" is empty.");
            }

            if (attachment.Size < 0 || attachment.Size > limits.MaxAttachmentBytes)
            {
                throw Limit("max_attachment_bytes", $"Attachment \"{attachment.Name}\" has {attachment.Size} bytes; the limit is {limits.MaxAttachmentBytes}.");
            }
        }

        if (manifest.TotalAttachmentSize > limits.MaxLetterBytes)
        {
            throw Limit("max_letter_bytes", $"The attachments total {manifest.TotalAttachmentSize} bytes; the limit is {limits.MaxLetterBytes}.");
        }
    }

    private static RefusalException Invalid(string field, string message) =>
        new(RefusalReason.FieldInvalid, message, field);

    private static RefusalException Limit(string limit, string message) =>
        new(RefusalReason.LimitExceeded, message, new Dictionary<string, string> { ["limit"] = limit });
}
