using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Statistics;
using DocAxis.WebConsole.Access;
using DocAxis.WebConsole.Clerk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DocAxis.WebConsole.Pages.Hub;

/// <summary>
/// The share of electronic exchange, latencies and failures, read by the same
/// <see cref="StatisticsReader"/> as <c>docaxis stats</c>: one scope's periods as a chart and a
/// table, and every level of government side by side.
/// </summary>
public sealed class StatisticsModel(StatisticsReader reader, ExchangeStatistics statistics, AuditTrail audit, IStringLocalizer<Text> text) : PageModel
{
    public static readonly GovernmentLevel[] Levels = [GovernmentLevel.Central, GovernmentLevel.Province, GovernmentLevel.District, GovernmentLevel.Commune];

    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public GovernmentLevel? Level { get; set; }
    [BindProperty(SupportsGet = true)] public Granularity Granularity { get; set; } = Granularity.Month;
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public StatisticsReport? Report { get; private set; }
    public IReadOnlyList<(GovernmentLevel Level, StatisticsReport Report)> ByLevel { get; private set; } = [];
    public string? Problem { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync()
    {
        try
        {
            Report = await reader.ReadAsync(Query(scope => ScopeOf(scope)));
            ByLevel = [.. await Task.WhenAll(Levels.Select(async level => (level, await reader.ReadAsync(Query(q => q.Level = level)))))];
        }
        catch (RefusalException e)
        {
            Problem = text["Không đọc được số liệu: {0}", e.Message];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
    }

    /// <summary>Folds the delivery events that came since the last run into the figures (operators only).</summary>
    public async Task<IActionResult> OnPostRefreshAsync()
    {
        if (!User.IsInRole(ConsoleRoles.Operator))
        {
            return Forbid();
        }

        var (run, elapsed) = await statistics.RefreshAsync(full: false, HttpContext.RequestAborted);
        audit.Record(ClerkDesk.Actor(User), "RefreshStatistics", "refreshed", detail: $"{run.Events} events folded, up to event {run.LastEventId}");
        Message = text["Đã cập nhật: {0} sự kiện trong {1}.", run.Events, Core.Statistics.DurationText.Of(elapsed.TotalMilliseconds)];
        await OnGetAsync();
        return Page();
    }

    private void ScopeOf(StatisticsQuery query)
    {
        if (ListFilters.Bounded(Agency, 20) is { } agency)
        {
            query.AgencyCode = agency;
        }
        else if (Level is { } level)
        {
            query.Level = level;
        }
    }

    private StatisticsQuery Query(Action<StatisticsQuery> scope)
    {
        var query = new StatisticsQuery { Granularity = Granularity, From = ListFilters.Bounded(From, 10) ?? "", To = ListFilters.Bounded(To, 10) ?? "" };
        scope(query);
        return query;
    }
}
