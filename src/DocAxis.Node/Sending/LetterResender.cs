using DocAxis.Contracts.V1;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using DocAxis.Transport.Peers;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Sending;

/// <summary>
/// Asks the hub, as the sending agency (its TLS identity), to re-queue failed deliveries of a letter.
/// The hub decides: its refusals reach the DMS with their own status and reason.
/// </summary>
public sealed class LetterResender(HubLink hub, AuditTrail audit, ILogger<LetterResender> logger)
{
    /// <param name="actor">Who asked, as the exchange log names them: the DMS, or a person at the console.</param>
    public async Task<ResendLetterResponse> ResendAsync(HostedAgency agency, ResendLetterRequest request, string actor, CancellationToken callerGone)
    {
        var id = EnvelopeId.Parse(request.EnvelopeId).ToString();
        var requeued = await HubRefusals.RelayAsync(
            deadline => hub.Resend(agency).RequeueAsync(
                new RequeueRequest { EnvelopeId = id, RecipientCodes = { request.RecipientCodes }, Reason = request.Reason }, cancellationToken: deadline).ResponseAsync,
            callerGone,
            "nothing was re-queued");

        var recipients = string.Join(", ", requeued.Deliveries.Select(d => d.RecipientCode));
        NodeLog.ResendRequested(logger, id, agency.Code.Value, recipients);
        audit.Record(actor, "ResendLetter", "requeued", id, detail: $"to {recipients}: {request.Reason}");
        return new ResendLetterResponse { EnvelopeId = id, Deliveries = { requeued.Deliveries } };
    }
}
