using DocAxis.Core.Letters;

namespace DocAxis.Storage.Node;

/// <summary>States of a letter in a node's outbox, as stored.</summary>
public static class OutboxState
{
    public const string Queued = nameof(Queued);
    public const string Accepted = nameof(Accepted);
    public const string Refused = nameof(Refused);
}

/// <summary>A letter this node signed for one of its agencies.</summary>
public sealed class OutboxLetter
{
    public string EnvelopeId { get; init; } = "";
    public string AgencyCode { get; init; } = "";
    public string Subject { get; init; } = "";
    public byte[] Manifest { get; init; } = [];
    public byte[] Signature { get; init; } = [];
    public byte[] ManifestSha256 { get; init; } = [];
    public string State { get; init; } = OutboxState.Queued;
    public long Attempts { get; init; }
    public long NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public long QueuedAt { get; init; }
    public long? AcceptedAt { get; init; }
    public byte[]? Acceptance { get; init; }
    public byte[]? AcceptanceSignature { get; init; }

    /// <summary>The letter's edXML DocumentId; empty if the DMS gave none.</summary>
    public string DocumentId { get; init; } = "";

    /// <summary>The letter's number and notation, for the console's search.</summary>
    public string Number { get; init; } = "";
    public string Notation { get; init; } = "";

    /// <summary>Subject, number and notation folded for searching (the search_text column, written with the row).</summary>
    public string SearchText => Core.Letters.SearchText.Of(Subject, Number, Notation);

    /// <summary>The recipients, when queued (not a column: each has a row in sent_deliveries).</summary>
    public IReadOnlyList<string> RecipientCodes { get; init; } = [];

    public SignedBytes SignedManifest => new(Manifest, Signature);

    /// <summary>The hub's signed acceptance, once it has answered.</summary>
    public SignedBytes? SignedAcceptance => Acceptance is null ? null : new(Acceptance, AcceptanceSignature ?? []);
}

/// <summary>An attachment's content reference, for outbox and inbox letters alike.</summary>
public sealed class StoredContent
{
    public long Idx { get; init; }
    public long Size { get; init; }
    public string Sha256 { get; init; } = "";
}

/// <summary>A letter delivered to one of this node's agencies, verified before it was stored.</summary>
public sealed class InboxLetter
{
    public string EnvelopeId { get; init; } = "";
    public string AgencyCode { get; init; } = "";
    public string SenderCode { get; init; } = "";
    public string SenderName { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Number { get; init; } = "";
    public string Notation { get; init; } = "";

    /// <summary>Subject, number and notation folded for searching (the search_text column, written with the row).</summary>
    public string SearchText => Core.Letters.SearchText.Of(Subject, Number, Notation);

    public long Urgency { get; init; }
    public byte[] Manifest { get; init; } = [];
    public byte[] Signature { get; init; } = [];
    public byte[] ManifestSha256 { get; init; } = [];
    public byte[] Acceptance { get; init; } = [];
    public byte[] AcceptanceSignature { get; init; } = [];
    public byte[] Receipt { get; init; } = [];
    public byte[] ReceiptSignature { get; init; } = [];
    public long ReceivedAt { get; init; }
    public string? StatusCode { get; init; }
    public long AttachmentCount { get; init; }
    public long TotalSize { get; init; }

    /// <summary>edXML business type of this letter: 0 new, 1 revoke, 2 update, 3 replace.</summary>
    public long BusinessType { get; init; }

    /// <summary>For a revoke, update or replace letter: the letter it amends.</summary>
    public string? ReferencedEnvelopeId { get; init; }

    /// <summary>On an earlier letter: the revoke, update or replace awaiting this agency's answer (15 or 16).</summary>
    public long? Amendment { get; init; }

    /// <summary>The letter that asked for <see cref="Amendment"/>.</summary>
    public string? AmendedBy { get; init; }

    /// <summary>The letter's edXML DocumentId; empty if the sender gave none.</summary>
    public string DocumentId { get; init; } = "";

    public SignedBytes SignedManifest => new(Manifest, Signature);

    public SignedBytes SignedAcceptance => new(Acceptance, AcceptanceSignature);

    public SignedBytes SignedReceipt => new(Receipt, ReceiptSignature);
}

/// <summary>A signed status report waiting to be recorded by the hub.</summary>
public sealed class QueuedStatusReport
{
    public string ReportId { get; init; } = "";
    public string EnvelopeId { get; init; } = "";
    public string AgencyCode { get; init; } = "";
    public string StatusCode { get; init; } = "";
    public byte[] Body { get; init; } = [];
    public byte[] Signature { get; init; } = [];
    public string State { get; init; } = OutboxState.Queued;
    public long Attempts { get; init; }
    public long NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public long QueuedAt { get; init; }
}
