using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Statistics;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Access;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Granularity = DocAxis.Core.Statistics.Granularity;

namespace DocAxis.Hub.Statistics;

/// <summary>
/// The statistics API: agencies report their paper counts, anyone on the axis reads the figures,
/// operators bring them up to date on demand.
/// </summary>
internal sealed class StatisticsGrpcService(
    HubStore store, HubRoles roles, ExchangeStatistics statistics, StatisticsReader reader, AuditTrail audit, TimeProvider time)
    : StatisticsService.StatisticsServiceBase
{
    /// <summary>More paper than any agency sends in a month; a larger figure is a typing error.</summary>
    private const ulong MaxPaperPerMonth = 10_000_000;

    public override async Task<PaperReportAck> ReportPaper(PaperReport request, ServerCallContext context)
    {
        var caller = context.Caller();
        var agency = AgencyCode.Parse(request.AgencyCode);
        await roles.RequireSelfOrOperatorAsync(caller, agency.Value, $"report paper counts for {agency.Value}", "agency_code");

        var now = time.GetUtcNow();
        var month = StatisticsCalendar.ParseMonth(request.Month);
        if (month > StatisticsCalendar.Start(statistics.Calendar.LocalDate(now), Granularity.Month))
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"month {request.Month} has not begun yet.", "month");
        }

        if (request.PaperSent > MaxPaperPerMonth)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"paper_sent {request.PaperSent} is more than {MaxPaperPerMonth} documents in a month.", "paper_sent");
        }

        if (await store.Directory.GetAgencyAsync(agency) is null)
        {
            throw new RefusalException(RefusalReason.AgencyUnknown, $"{agency.Value} is not in the hub's directory.", "agency_code");
        }

        var monthName = StatisticsCalendar.Name(month, Granularity.Month);
        var previous = await store.Statistics.ReportPaperAsync(agency, monthName, (long)request.PaperSent, caller.Identity, now);
        audit.Record(caller.Identity, "ReportPaper", previous is null ? "recorded" : "replaced",
            detail: $"{agency.Value} sent {request.PaperSent} documents on paper in {monthName}" + (previous is { } p ? $" (was {p})" : string.Empty));
        return new PaperReportAck
        {
            AgencyCode = agency.Value,
            Month = monthName,
            PaperSent = request.PaperSent,
            Replaced = previous is not null,
            PreviousPaperSent = (ulong)(previous ?? 0),
            ReportedAt = Timestamp.FromDateTimeOffset(now),
        };
    }

    public override Task<StatisticsReport> GetStatistics(StatisticsQuery request, ServerCallContext context) => reader.ReadAsync(request);

    public override async Task<RefreshStatisticsResponse> RefreshStatistics(RefreshStatisticsRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        roles.RequireOperator(caller, "refresh the statistics");
        var (run, elapsed) = await statistics.RefreshAsync(request.Full, context.CancellationToken);
        audit.Record(caller.Identity, "RefreshStatistics", request.Full ? "recomputed" : "refreshed",
            detail: $"{run.Events} events folded, up to event {run.LastEventId}");
        return new RefreshStatisticsResponse { Events = run.Events, LastEventId = run.LastEventId, ElapsedMs = elapsed.TotalMilliseconds };
    }
}
