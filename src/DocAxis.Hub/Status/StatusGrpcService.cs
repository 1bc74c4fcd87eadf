using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Signing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Status;

/// <summary>
/// Records what a recipient's DMS did with a letter. The report must be signed by, and arrive over
/// TLS from, the recipient it names; the delivery's state machine decides whether it may be recorded.
/// </summary>
internal sealed class StatusGrpcService(HubStore store, SignatureVerifier verifier, AuditTrail audit, TimeProvider time, ILogger<StatusGrpcService> logger)
    : StatusService.StatusServiceBase
{
    public override async Task<StatusAck> Report(SignedStatusReport request, ServerCallContext context)
    {
        var caller = context.Caller();
        var report = await SignedMessages.OpenAsync(verifier, request.Body, request.Signature, caller.Identity, StatusReport.Parser, "status report", context.CancellationToken);
        if (report.RecipientCode != caller.Identity)
        {
            throw new RefusalException(
                RefusalReason.ClientNotSender,
                $"\"{caller.Identity}\" may only report statuses as itself, not as {report.RecipientCode}.",
                "recipient_code");
        }

        var status = ProcessingStatus.Parse(report.StatusCode);
        var envelopeId = EnvelopeId.Parse(report.EnvelopeId).ToString();
        context.About(envelopeId);
        EnvelopeId.Parse(report.ReportId, "report_id");
        Text.Optional(report.Description, ManifestRules.MaxSummaryLength, "description");
        Text.Optional(report.StaffName, ManifestRules.MaxSignerFieldLength, "staff_name");
        if (report.Staff is { } staff)
        {
            HeaderLimits.CheckStaff(staff.Department, staff.Staff, staff.Mobile, staff.Email, "staff");
        }

        var recordedAt = await store.Statuses.RecordStatusAsync(new NewStatusReport(
            report.ReportId,
            new DeliveryKey(envelopeId, report.RecipientCode),
            status,
            report.Description,
            request.Body.ToByteArray(),
            request.Signature.ToByteArray(),
            time.GetUtcNow()));
        HubLog.StatusRecorded(logger, status.Code, envelopeId, report.RecipientCode);
        audit.Record(caller.Identity, "ReportStatus", "recorded", envelopeId, detail: $"{status} {report.Description}");
        return new StatusAck { ReportId = report.ReportId, RecordedAt = Timestamp.FromDateTimeOffset(recordedAt) };
    }
}
