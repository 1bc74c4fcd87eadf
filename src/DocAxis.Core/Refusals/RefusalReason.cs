namespace DocAxis.Core;

/// <summary>
/// Why a hub or node refused something. The names are a public contract: they travel as the
/// <c>reason</c> of a google.rpc.ErrorInfo in UPPER_SNAKE form (see protos/docaxis/v1/errors.proto)
/// and must never be renamed.
/// </summary>
public enum RefusalReason
{
    MalformedMessage = 1,
    FieldInvalid = 2,
    AgencyCodeMalformed = 3,
    SignatureInvalid = 4,
    CertificateUntrusted = 5,
    SignerNotSender = 6,
    ClientNotSender = 7,
    RecipientUnknown = 8,
    AgencyDisabled = 9,
    AttachmentMismatch = 10,
    AttachmentIncomplete = 11,
    LimitExceeded = 12,
    EnvelopeIdReused = 13,
    ClassifiedDocument = 14,
    EnvelopeUnknown = 15,
    StatusTransitionInvalid = 16,
    DeliveryNotConfirmed = 17,
    AccessDenied = 18,
    AgencyNotHosted = 19,
    ReceiptInvalid = 20,
    AgencyUnknown = 21,
    AlgorithmNotAllowed = 22,
    CertificateRevoked = 23,
    RevocationUnknown = 24,
    StoreUnavailable = 25,
    DeliveryNotFailed = 26,
    ReferenceInvalid = 27,
    TokenInvalid = 28,
    PackageMalformed = 29,
    PackageInvalid = 30,
    PackageKindMismatch = 31,
    DirectoryUnavailable = 32,
    RecipientUnroutable = 33,
    RouteLoop = 34,
    HopLimitExceeded = 35,
}
