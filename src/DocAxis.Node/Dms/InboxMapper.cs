using DocAxis.Contracts.V1;
using DocAxis.Storage;
using DocAxis.Transport.Mapping;
using Google.Protobuf.WellKnownTypes;
using InboxRow = DocAxis.Storage.Node.InboxLetter;

namespace DocAxis.Node.Dms;

internal static class InboxMapper
{
    public static InboxEntry ToEntry(InboxRow row) => new()
    {
        EnvelopeId = row.EnvelopeId,
        RecipientCode = row.AgencyCode,
        Sender = new AgencyRef { Code = row.SenderCode, Name = row.SenderName },
        Code = new DocumentCode { Number = row.Number, Notation = row.Notation },
        Subject = row.Subject,
        Urgency = (Urgency)(int)row.Urgency,
        ReceivedAt = Timestamp.FromDateTimeOffset(Epoch.FromMs(row.ReceivedAt)),
        StatusCode = row.StatusCode ?? string.Empty,
        AttachmentCount = (uint)row.AttachmentCount,
        TotalSize = (ulong)row.TotalSize,
        BusinessType = (BusinessType)(int)row.BusinessType,
        ReferencedEnvelopeId = row.ReferencedEnvelopeId ?? string.Empty,
        AwaitingAnswerTo = row.AmendedBy ?? string.Empty,
    };

    public static Contracts.V1.InboxLetter ToLetter(InboxRow row) => new()
    {
        EnvelopeId = row.EnvelopeId,
        RecipientCode = row.AgencyCode,
        Manifest = Manifest.Parser.ParseFrom(row.Manifest),
        SignedManifest = SignedMapper.ToManifest(row.SignedManifest),
        Acceptance = SignedMapper.ToAcceptance(row.SignedAcceptance),
        DeliveryReceipt = SignedMapper.ToDeliveryReceipt(row.SignedReceipt),
        ReceivedAt = Timestamp.FromDateTimeOffset(Epoch.FromMs(row.ReceivedAt)),
    };
}
