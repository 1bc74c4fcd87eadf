using System.Globalization;
using DocAxis.Contracts.V1;
using Spectre.Console;

namespace DocAxis.Cli.Output;

/// <summary>Statistics for people: a table of the periods and a bar chart of the share of electronic exchange.</summary>
public static class StatisticsView
{
    public static void Render(StatisticsReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Exchange statistics — {report.Scope.EscapeMarkup()}, by {Granularity(report)} (UTC{report.UtcOffset})")
            .AddColumn("Period").AddColumn(new TableColumn("Sent").RightAligned()).AddColumn(new TableColumn("Received").RightAligned())
            .AddColumn(new TableColumn("Paper").RightAligned()).AddColumn(new TableColumn("E-share").RightAligned())
            .AddColumn(new TableColumn("Delivery p50/p95").RightAligned()).AddColumn(new TableColumn("01 p50").RightAligned())
            .AddColumn(new TableColumn("06 p50").RightAligned()).AddColumn(new TableColumn("Failed").RightAligned());
        foreach (var p in report.Periods)
        {
            table.AddRow(
                p.Period,
                Count(p.Sent),
                Count(p.Received),
                p.PaperReported ? Count(p.PaperSent) : "[grey]—[/]",
                p.ElectronicShare is { } share ? share.ToString("P1", CultureInfo.InvariantCulture) : "[grey]—[/]",
                p.Delivery.Count == 0 ? "[grey]—[/]" : $"{Duration(p.Delivery.P50Ms)}/{Duration(p.Delivery.P95Ms)}",
                p.Arrival.Count == 0 ? "[grey]—[/]" : Duration(p.Arrival.P50Ms),
                p.Completion.Count == 0 ? "[grey]—[/]" : Duration(p.Completion.P50Ms),
                p.Failed == 0 ? "0" : $"[red]{Count(p.Failed)}[/]");
        }

        AnsiConsole.Write(table);
        var shares = report.Periods.Where(p => p.ElectronicShare is not null).ToList();
        var chart = new BarChart().Width(70);
        if (shares.Count > 0)
        {
            chart.Label("[bold]Share of documents sent electronically (%)[/]").WithMaxValue(100);
            foreach (var p in shares)
            {
                chart.AddItem(p.Period, Math.Round(p.ElectronicShare!.Value * 100, 1), p.ElectronicShare >= 0.9 ? Color.Green : Color.Yellow);
            }
        }
        else
        {
            chart.Label("[bold]Letters sent electronically[/] (no paper counts reported, so no share)");
            foreach (var p in report.Periods.Where(p => p.Sent > 0))
            {
                chart.AddItem(p.Period, p.Sent, Color.Blue);
            }
        }

        if (chart.Data.Count > 0)
        {
            AnsiConsole.Write(chart);
        }

        var updated = report.UpdatedAt is null ? "never" : report.UpdatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine($"[grey]Figures include delivery events up to #{report.LastEventId}, updated {updated}.[/]");
    }

    public static string Duration(double ms) => Core.Statistics.DurationText.Of(ms);

    private static string Count(ulong n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Granularity(StatisticsReport report) => report.Granularity switch
    {
        Contracts.V1.Granularity.Day => "day",
        Contracts.V1.Granularity.Quarter => "quarter",
        Contracts.V1.Granularity.Year => "year",
        _ => "month",
    };
}
