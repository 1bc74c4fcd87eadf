using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using DocAxis.Transport.Signing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace DocAxis.Transport.Mapping;

/// <summary>
/// The one mapping between the domain's signed bytes and acceptance and their wire messages
/// (<see cref="SignedManifest"/>, <see cref="SignedAcceptance"/>, <see cref="AcceptanceReceipt"/>,
/// <see cref="SignedDeliveryReceipt"/>). Bytes are copied, never re-serialized.
/// </summary>
public static class SignedMapper
{
    public static SignedManifest ToManifest(SignedBytes signed) =>
        new() { Manifest = ByteString.CopyFrom(signed.Content), Signature = ByteString.CopyFrom(signed.Signature) };

    /// <summary>A received signed manifest; refused unless it has both the bytes and their signature.</summary>
    public static SignedBytes FromManifest(SignedManifest? signed, string field)
    {
        if (signed is null || signed.Manifest.IsEmpty || signed.Signature.IsEmpty)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"{field} needs both the manifest bytes and their signature.", field);
        }

        return new SignedBytes(signed.Manifest.ToByteArray(), signed.Signature.ToByteArray());
    }

    public static SignedAcceptance ToAcceptance(SignedBytes signed) =>
        new() { Body = ByteString.CopyFrom(signed.Content), Signature = ByteString.CopyFrom(signed.Signature) };

    public static SignedBytes FromAcceptance(SignedAcceptance signed) => new(signed.Body.ToByteArray(), signed.Signature.ToByteArray());

    public static SignedDeliveryReceipt ToDeliveryReceipt(SignedBytes signed) =>
        new() { Body = ByteString.CopyFrom(signed.Content), Signature = ByteString.CopyFrom(signed.Signature) };

    public static SignedBytes FromDeliveryReceipt(SignedDeliveryReceipt signed) => new(signed.Body.ToByteArray(), signed.Signature.ToByteArray());

    public static AcceptanceReceipt ToWire(Acceptance acceptance) => new()
    {
        EnvelopeId = acceptance.EnvelopeId,
        ManifestSha256 = ByteString.CopyFrom(acceptance.ManifestSha256),
        SenderCode = acceptance.SenderCode,
        RecipientCodes = { acceptance.RecipientCodes },
        AcceptedAt = Timestamp.FromDateTimeOffset(acceptance.AcceptedAt),
        HubId = acceptance.HubId,
    };

    /// <summary>Signs an acceptance as the hub: the receipt's bytes, serialized once, and their signature.</summary>
    public static SignedBytes Sign(Acceptance acceptance, SigningCredential hub)
    {
        var (body, signature) = SignedMessages.Sign(ToWire(acceptance), hub, acceptance.AcceptedAt);
        return new SignedBytes(body.ToByteArray(), signature.ToByteArray());
    }

    /// <summary>Verifies a hub's signed acceptance (made by <paramref name="hubIdentity"/>), then reads it.</summary>
    public static async Task<Acceptance> OpenAcceptanceAsync(
        SignatureVerifier verifier, SignedAcceptance signed, string hubIdentity, CancellationToken cancellationToken)
    {
        var receipt = await SignedMessages.OpenAsync(verifier, signed.Body, signed.Signature, hubIdentity, AcceptanceReceipt.Parser, "acceptance receipt", cancellationToken);
        return new Acceptance(
            receipt.EnvelopeId, receipt.ManifestSha256.ToByteArray(), receipt.SenderCode, [.. receipt.RecipientCodes],
            receipt.AcceptedAt?.ToDateTimeOffset() ?? default, receipt.HubId);
    }
}
