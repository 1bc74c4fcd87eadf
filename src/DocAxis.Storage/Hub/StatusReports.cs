using Dapper;
using DocAxis.Core;
using DocAxis.Core.Deliveries;
using static DocAxis.Storage.Hub.DeliveryEvents;

namespace DocAxis.Storage.Hub;

/// <summary>The recipients' signed status reports (01-06, 15, 16), recorded only where the state machine allows them.</summary>
public sealed class StatusReports(Database database) : HubStorePart(database)
{
    /// <summary>
    /// Records a status report if the state machine allows it; a repeated report id returns the
    /// time it was first recorded. Throws a refusal for a contradicting status.
    /// </summary>
    public Task<DateTimeOffset> RecordStatusAsync(NewStatusReport report) => Database.InSharedTransactionAsync(async (connection, transaction) =>
    {
        var earlier = await connection.QuerySingleOrDefaultAsync<(string EnvelopeId, string RecipientCode, string StatusCode, long RecordedAt)?>(
            Sql.FindStatusReport, new { id = report.ReportId }, transaction);
        if (earlier is { } seen)
        {
            if (seen.EnvelopeId != report.Delivery.EnvelopeId || seen.RecipientCode != report.Delivery.RecipientCode || seen.StatusCode != report.Status.Code)
            {
                throw new RefusalException(RefusalReason.FieldInvalid, $"report_id {report.ReportId} was already used for another status report.", "report_id");
            }

            return Epoch.FromMs(seen.RecordedAt);
        }

        var delivery = await connection.QuerySingleOrDefaultAsync<StoredDelivery>(Sql.GetDeliveryForUpdate, report.Delivery, transaction)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"No letter {report.Delivery.EnvelopeId} was sent to {report.Delivery.RecipientCode}.", "envelope_id");
        DeliveryStateMachine.EnsureStatusAllowed(delivery.DeliveryState, delivery.ProcessingStatus, report.Status, delivery.PendingAmendment);

        var at = Epoch.ToMs(report.RecordedAt);
        await connection.ExecuteAsync(Sql.InsertStatusReport, new
        {
            report.ReportId, report.Delivery.EnvelopeId, report.Delivery.RecipientCode, StatusCode = report.Status.Code,
            report.Body, report.Signature, RecordedAt = at,
        }, transaction);
        var shown = DeliveryStateMachine.StatusAfter(delivery.ProcessingStatus, report.Status, delivery.PendingAmendment);
        await connection.ExecuteAsync(
            report.Status.IsAmendmentAnswer ? Sql.AnswerAmendment : Sql.SetStatus,
            new { report.Delivery.EnvelopeId, report.Delivery.RecipientCode, StatusCode = shown?.Code },
            transaction);
        await connection.ExecuteAsync(Sql.InsertEvent, Event(report.Delivery, DeliveryEventKind.Status, at, statusCode: report.Status.Code, detail: report.Description,
            proof: new Core.Letters.SignedBytes(report.Body, report.Signature), relay: report.Relay), transaction);
        return report.RecordedAt;
    });
}
