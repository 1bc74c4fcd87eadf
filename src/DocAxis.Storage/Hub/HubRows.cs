using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;

namespace DocAxis.Storage.Hub;

/// <summary>One letter to one recipient, as its key.</summary>
public readonly record struct DeliveryKey(string EnvelopeId, string RecipientCode)
{
    public override string ToString() => $"{EnvelopeId} -> {RecipientCode}";
}

/// <summary>An accepted letter as the hub stores it.</summary>
public sealed class StoredEnvelope
{
    public string Id { get; init; } = "";
    public string SenderCode { get; init; } = "";
    public string Subject { get; init; } = "";
    public byte[] Manifest { get; init; } = [];
    public byte[] Signature { get; init; } = [];
    public byte[] ManifestSha256 { get; init; } = [];
    public byte[] Acceptance { get; init; } = [];
    public byte[] AcceptanceSignature { get; init; } = [];
    public long AcceptedAt { get; init; }

    /// <summary>edXML business type: 0 new, 1 revoke, 2 update, 3 replace.</summary>
    public long BusinessType { get; init; }

    /// <summary>For a revoke, update or replace letter: the letter it amends.</summary>
    public string? ReferencedEnvelopeId { get; init; }

    /// <summary>The peer hub that forwarded the letter here; null if its sender's node submitted it here.</summary>
    public string? OriginHub { get; init; }

    /// <summary>The serialized hub acceptances the letter carried here (docaxis.v1.HopList); null if submitted here.</summary>
    public byte[]? Hops { get; init; }

    public SignedBytes SignedManifest => new(Manifest, Signature);

    public SignedBytes SignedAcceptance => new(Acceptance, AcceptanceSignature);
}

/// <summary>An attachment of an accepted letter; its content is the blob named by <see cref="Sha256"/>.</summary>
public sealed class StoredAttachment
{
    public long Idx { get; init; }
    public string Name { get; init; } = "";
    public string MediaType { get; init; } = "";
    public long Size { get; init; }
    public string Sha256 { get; init; } = "";
}

/// <summary>The state of one delivery.</summary>
public sealed class StoredDelivery
{
    public string EnvelopeId { get; init; } = "";
    public string RecipientCode { get; init; } = "";
    public long Position { get; init; }
    public string State { get; init; } = "";
    public string? StatusCode { get; init; }
    public long Attempts { get; init; }
    public long? NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public string? LeaseOwner { get; init; }
    public long? LeaseUntil { get; init; }
    public long AcceptedAt { get; init; }
    public long? DeliveredAt { get; init; }
    public long? FailedAt { get; init; }
    public long? RequeuedAt { get; init; }
    public byte[]? Receipt { get; init; }
    public byte[]? ReceiptSignature { get; init; }

    /// <summary>The peer hub the letter was handed to for this recipient; null while it is not (or was re-queued).</summary>
    public string? ForwardedTo { get; init; }

    public DeliveryKey Key => new(EnvelopeId, RecipientCode);

    /// <summary>Since when the delivery is being attempted: its give-up age counts from its last re-queue, else from acceptance.</summary>
    public long RetryingSince => RequeuedAt ?? AcceptedAt;

    public DeliveryState DeliveryState => Enum.Parse<DeliveryState>(State);

    /// <summary>The revoke, update or replace awaiting the recipient's answer (15 or 16), if any.</summary>
    public long? Amendment { get; init; }

    /// <summary>The letter that asked for <see cref="Amendment"/>.</summary>
    public string? AmendedBy { get; init; }

    public Core.Letters.BusinessType? PendingAmendment => (Core.Letters.BusinessType?)Amendment;

    public ProcessingStatus? ProcessingStatus => StatusCode is null ? null : Core.Deliveries.ProcessingStatus.Parse(StatusCode);
}

/// <summary>One step of a delivery's timeline.</summary>
public sealed class DeliveryEvent
{
    public long Id { get; init; }
    public string EnvelopeId { get; init; } = "";
    public string RecipientCode { get; init; } = "";
    public string Kind { get; init; } = "";
    public long? Attempt { get; init; }
    public string? StatusCode { get; init; }
    public string? Detail { get; init; }
    public long At { get; init; }

    /// <summary>The letter's sender (read with a sender's or a platform's events).</summary>
    public string? SenderCode { get; init; }

    /// <summary>The hub where it happened, when a peer hub further on reported it; null if here.</summary>
    public string? HubId { get; init; }

    /// <summary>What proves it, signed: the next hub's acceptance, the receipt, the status report (kept where a peer hub follows it).</summary>
    public byte[]? Proof { get; init; }

    public byte[]? ProofSignature { get; init; }

    public SignedBytes? SignedProof => Proof is null || ProofSignature is null ? null : new SignedBytes(Proof, ProofSignature);
}

/// <summary>Kinds of <see cref="DeliveryEvent"/>, as stored.</summary>
public static class DeliveryEventKind
{
    public const string Accepted = nameof(Accepted);
    public const string AttemptFailed = nameof(AttemptFailed);
    public const string Delivered = nameof(Delivered);
    public const string Status = nameof(Status);
    public const string Failed = nameof(Failed);

    /// <summary>An operator or the sender re-queued a failed delivery; the detail says who and why.</summary>
    public const string Requeued = nameof(Requeued);

    /// <summary>The sender sent an update or replacement of the letter; the detail names it and why.</summary>
    public const string Amended = nameof(Amended);

    /// <summary>A hub handed the letter to the next hub towards the recipient; the proof is that hub's signed acceptance.</summary>
    public const string Forwarded = nameof(Forwarded);
}

/// <summary>Everything committed, in one transaction, when the hub accepts a letter.</summary>
/// <param name="Lease">When set, the deliveries are created leased to this instance for their first push.</param>
public sealed record NewEnvelope(
    StoredEnvelope Envelope,
    IReadOnlyList<StoredAttachment> Attachments,
    IReadOnlyList<string> Recipients,
    string BusinessReason = "",
    DeliveryLease? Lease = null,
    IReadOnlyList<Blobs.InlineContent>? InlineContent = null);

/// <summary>Where a timeline event came from when a peer hub reported it: that hub, and the key that makes a second report harmless.</summary>
/// <param name="HubId">The hub where it happened; null if here (a forward this hub made, which the next hub confirmed).</param>
/// <param name="Key">Unique per peer hub and event, e.g. "hub.h29:1234".</param>
public sealed record RelayOrigin(string? HubId, string Key);

/// <summary>A claim on a delivery: only <paramref name="Owner"/> attempts it until <paramref name="Until"/>.</summary>
public sealed record DeliveryLease(string Owner, DateTimeOffset Until);

/// <summary>A verified status report to record.</summary>
public sealed record NewStatusReport(
    string ReportId,
    DeliveryKey Delivery,
    ProcessingStatus Status,
    string Description,
    byte[] Body,
    byte[] Signature,
    DateTimeOffset RecordedAt,
    RelayOrigin? Relay = null);
