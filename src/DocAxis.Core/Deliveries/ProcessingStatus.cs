namespace DocAxis.Core.Deliveries;

/// <summary>
/// An edXML processing status reported by the recipient's DMS after delivery:
/// 01 arrived, 02 rejected, 03 accepted/registered, 04 assigned, 05 processing, 06 completed;
/// and the answers to an amendment: 13 the sender asks to recall (recorded by the hub when it
/// accepts the sender's revoke letter), 15 the recipient agrees to the recall or update, 16 it refuses.
/// </summary>
public readonly record struct ProcessingStatus
{
    public static readonly ProcessingStatus Arrived = new("01", 1, "arrived");
    public static readonly ProcessingStatus Rejected = new("02", 1, "rejected");
    public static readonly ProcessingStatus Registered = new("03", 2, "accepted/registered");
    public static readonly ProcessingStatus Assigned = new("04", 3, "assigned");
    public static readonly ProcessingStatus Processing = new("05", 4, "processing");
    public static readonly ProcessingStatus Completed = new("06", 5, "completed");
    public static readonly ProcessingStatus RecallRequested = new("13", 0, "recall requested");
    public static readonly ProcessingStatus AmendmentAgreed = new("15", 0, "recall/update agreed");
    public static readonly ProcessingStatus AmendmentRefused = new("16", 0, "recall/update refused");

    private static readonly ProcessingStatus[] All =
        [Arrived, Rejected, Registered, Assigned, Processing, Completed, RecallRequested, AmendmentAgreed, AmendmentRefused];

    private ProcessingStatus(string code, int stage, string meaning)
    {
        Code = code;
        Stage = stage;
        Meaning = meaning;
    }

    /// <summary>The two-digit edXML code.</summary>
    public string Code { get; }

    /// <summary>How far along processing is; a later status never has a lower stage.</summary>
    public int Stage { get; }

    public string Meaning { get; }

    /// <summary>
    /// Rejected and completed end processing, and so does an agreed recall (a delivery shows 15 only
    /// when a recall was agreed; an agreed update leaves its status as it was): nothing may follow them.
    /// </summary>
    public bool IsFinal => this == Rejected || this == Completed || this == AmendmentAgreed;

    /// <summary>15 and 16: the recipient's answer to a recall or update, not a step of processing.</summary>
    public bool IsAmendmentAnswer => this == AmendmentAgreed || this == AmendmentRefused;

    public static ProcessingStatus Parse(string? code, string field = "status_code") =>
        All.FirstOrDefault(s => s.Code == code) is { Code: not null } status
            ? status
            : throw new RefusalException(
                RefusalReason.FieldInvalid,
                $"{field} \"{code}\" is not an edXML processing status (01 arrived, 02 rejected, 03 accepted, 04 assigned, 05 processing, 06 completed, 15 recall/update agreed, 16 refused).",
                field);

    public override string ToString() => $"{Code} {Meaning}";
}
