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
internal sealed class StatusGrpcService(
    HubStore store, SignatureVerifier verifier, Access.ActingAgencies acting, AuditTrail audit, TimeProvider time, ILogger<StatusGrpcService> logger)
    : StatusService.StatusServiceBase
{
    public override async Task<StatusAck> Report(SignedStatusReport request, ServerCallContext context)
    {
        var caller = context.Caller();
        // Signed by the recipient it names, and sent by that recipient or the platform that hosts it.
        var named = Named(request);
        var report = await SignedMessages.OpenAsync(verifier, request.Body, request.Signature, named, StatusReport.Parser, "status report", context.CancellationToken);
        if (!await acting.ActsForAsync(caller, report.RecipientCode))
        {
            throw new RefusalException(
                RefusalReason.ClientNotSender,
                $"\"{caller.Identity}\" may only report statuses as itself (or as an agency whose platform it is), not as {report.RecipientCode}.",
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

    /// <summary>The recipient the report names, read before its signature is checked against that recipient.</summary>
    private static string Named(SignedStatusReport request)
    {
        try
        {
            return StatusReport.Parser.ParseFrom(request.Body).RecipientCode;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new RefusalException(RefusalReason.MalformedMessage, $"The status report is not a valid StatusReport: {e.Message}");
        }
    }
}
