using DocAxis.Core;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace DocAxis.Transport.Refusals;

/// <summary>
/// Turns refusals into gRPC statuses and back, in one place: a status code per reason, a
/// google.rpc.ErrorInfo (domain "docaxis.v1") in the status details, and the clerk's sentence as
/// the status message.
/// </summary>
public static class RefusalStatus
{
    public const string Domain = "docaxis.v1";

    public static StatusCode CodeOf(RefusalReason reason) => reason switch
    {
        RefusalReason.MalformedMessage or RefusalReason.FieldInvalid or RefusalReason.AgencyCodeMalformed
            or RefusalReason.SignatureInvalid or RefusalReason.AttachmentMismatch or RefusalReason.AttachmentIncomplete
            or RefusalReason.ClassifiedDocument or RefusalReason.ReceiptInvalid or RefusalReason.AlgorithmNotAllowed
            or RefusalReason.PackageMalformed or RefusalReason.PackageInvalid or RefusalReason.PackageKindMismatch => StatusCode.InvalidArgument,
        RefusalReason.CertificateUntrusted or RefusalReason.SignerNotSender or RefusalReason.ClientNotSender
            or RefusalReason.AccessDenied or RefusalReason.CertificateRevoked => StatusCode.PermissionDenied,
        RefusalReason.RevocationUnknown or RefusalReason.StoreUnavailable or RefusalReason.DirectoryUnavailable => StatusCode.Unavailable,
        RefusalReason.RecipientUnknown or RefusalReason.EnvelopeUnknown or RefusalReason.AgencyUnknown => StatusCode.NotFound,
        RefusalReason.AgencyDisabled or RefusalReason.StatusTransitionInvalid or RefusalReason.DeliveryNotConfirmed
            or RefusalReason.AgencyNotHosted or RefusalReason.DeliveryNotFailed
            or RefusalReason.ReferenceInvalid or RefusalReason.RecipientUnroutable
            or RefusalReason.RouteLoop or RefusalReason.HopLimitExceeded => StatusCode.FailedPrecondition,
        RefusalReason.LimitExceeded => StatusCode.ResourceExhausted,
        RefusalReason.EnvelopeIdReused => StatusCode.AlreadyExists,
        RefusalReason.TokenInvalid => StatusCode.Unauthenticated,
        _ => StatusCode.Unknown,
    };

    public static RpcException ToRpcException(RefusalException refusal)
    {
        var info = new ErrorInfo { Reason = refusal.Reason.ToWireName(), Domain = Domain };
        info.Metadata.Add(refusal.Details.ToDictionary());
        var status = new Google.Rpc.Status
        {
            Code = (int)CodeOf(refusal.Reason),
            Message = refusal.Message,
            Details = { Any.Pack(info) },
        };
        return status.ToRpcException();
    }

    /// <summary>Reads the refusal a DocAxis peer put in a status, if it is one.</summary>
    public static RefusalException? FromRpcException(RpcException exception)
    {
        var info = exception.GetRpcStatus()?.Details
            .Select(any => any.TryUnpack(out ErrorInfo unpacked) ? unpacked : null)
            .FirstOrDefault(i => i is not null && i.Domain == Domain);
        if (info is null || !RefusalReasonNames.TryParseWireName(info.Reason, out var reason))
        {
            return null;
        }

        return new RefusalException(reason, exception.Status.Detail, info.Metadata.ToDictionary());
    }
}
