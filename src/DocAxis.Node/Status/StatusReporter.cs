using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using DocAxis.Node.Sending;
using DocAxis.Storage;
using DocAxis.Storage.Node;
using DocAxis.Transport.Signing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Status;

/// <summary>
/// Signs a DMS's processing status as the recipient agency and queues it for the hub. The local
/// inbox applies the same state machine as the hub, so a contradicting status is refused here at
/// once instead of after a round trip.
/// </summary>
public sealed class StatusReporter(NodeStore store, OutboxSignal signal, AuditTrail audit, TimeProvider time, ILogger<StatusReporter> logger)
{
    private static readonly TimeSpan MaxAhead = TimeSpan.FromDays(1);

    public async Task<ReportStatusResponse> ReportAsync(HostedAgency agency, ReportStatusRequest request)
    {
        var envelopeId = EnvelopeId.Parse(request.EnvelopeId).ToString();
        var status = ProcessingStatus.Parse(request.StatusCode);
        Text.Optional(request.Description, ManifestRules.MaxSummaryLength, "description");
        Text.Optional(request.StaffName, ManifestRules.MaxSignerFieldLength, "staff_name");
        if (request.Staff is { } staff)
        {
            HeaderLimits.CheckStaff(staff.Department, staff.Staff, staff.Mobile, staff.Email, "staff");
        }
        var reportId = string.IsNullOrEmpty(request.ReportId) ? EnvelopeId.New().ToString() : EnvelopeId.Parse(request.ReportId, "report_id").ToString();

        var now = time.GetUtcNow();
        var reportedAt = request.ReportedAt?.ToDateTimeOffset() ?? now;
        if (reportedAt > now + MaxAhead)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"reported_at {reportedAt:u} is more than a day ahead of this node's clock ({now:u}).", "reported_at");
        }

        var report = new StatusReport
        {
            ReportId = reportId,
            EnvelopeId = envelopeId,
            RecipientCode = agency.Code.Value,
            StatusCode = status.Code,
            Description = request.Description,
            StaffName = string.IsNullOrEmpty(request.StaffName) ? request.Staff?.Staff ?? string.Empty : request.StaffName,
            ReportedAt = Timestamp.FromDateTimeOffset(reportedAt),
            Staff = request.Staff,
        };
        var (body, signature) = SignedMessages.Sign(report, agency.Signing, now);
        var queued = await store.QueueStatusAsync(
            new QueuedStatusReport
            {
                ReportId = reportId,
                EnvelopeId = envelopeId,
                AgencyCode = agency.Code.Value,
                StatusCode = status.Code,
                Body = body.ToByteArray(),
                Signature = signature.ToByteArray(),
                NextAttemptAt = Epoch.ToMs(now),
                QueuedAt = Epoch.ToMs(now),
            },
            status);
        signal.WakeReports();
        NodeLog.StatusQueued(logger, status.Code, envelopeId, agency.Code.Value);
        audit.Record($"dms:{agency.Code}", "ReportStatus", "queued", envelopeId, detail: status.ToString());
        return new ReportStatusResponse { ReportId = queued.ReportId, QueuedAt = Timestamp.FromDateTimeOffset(Epoch.FromMs(queued.QueuedAt)) };
    }
}
