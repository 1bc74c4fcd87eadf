using DocAxis.Core.Agencies;

namespace DocAxis.Core.Letters;

/// <summary>
/// The parsed, signed header of a letter: what the domain rules look at. The signed bytes
/// themselves are kept beside it, never re-created from it.
/// </summary>
public sealed record LetterManifest
{
    public required EnvelopeId EnvelopeId { get; init; }
    public required AgencyCode Sender { get; init; }
    public required IReadOnlyList<AgencyCode> Recipients { get; init; }
    public required string Number { get; init; }
    public required string Notation { get; init; }
    public required DateOnly IssueDate { get; init; }
    public string IssuePlace { get; init; } = string.Empty;
    public string DocumentTypeName { get; init; } = string.Empty;
    public required string Subject { get; init; }
    public string Summary { get; init; } = string.Empty;
    public string SignerName { get; init; } = string.Empty;
    public string SignerPosition { get; init; } = string.Empty;
    public string SignerCompetence { get; init; } = string.Empty;
    public Urgency Urgency { get; init; }
    public DateOnly? DueDate { get; init; }
    public BusinessType BusinessType { get; init; }
    public EnvelopeId? ReferencedEnvelopeId { get; init; }
    public string BusinessReason { get; init; } = string.Empty;
    public required IReadOnlyList<AttachmentDescriptor> Attachments { get; init; }
    public Classification Classification { get; init; }

    public long TotalAttachmentSize => Attachments.Sum(a => a.Size);
}
