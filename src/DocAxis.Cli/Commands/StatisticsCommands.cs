using System.CommandLine;
using DocAxis.Cli.Output;
using DocAxis.Contracts.V1;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis stats</c>: the share of electronic exchange and how the exchange performs.</summary>
public static class StatisticsCommands
{
    public static Command Create(Option<bool> json)
    {
        var stats = new Command("stats", "Exchange statistics: letters sent and received, paper counts, the electronic share, latencies");
        stats.Subcommands.Add(Show(json));
        stats.Subcommands.Add(ReportPaper(json));
        stats.Subcommands.Add(Refresh(json));
        return stats;
    }

    private static Command Show(Option<bool> json)
    {
        var connection = new HubConnection();
        var agency = new Option<string?>("--agency") { Description = "One agency's figures" };
        var level = new Option<Core.Agencies.GovernmentLevel?>("--level") { Description = "Every agency of one level: central, province, district or commune" };
        var by = new Option<Core.Statistics.Granularity>("--by") { Description = "Period: day, month, quarter or year", DefaultValueFactory = _ => Core.Statistics.Granularity.Month };
        var from = new Option<string?>("--from") { Description = "First day of the range, YYYY-MM-DD (default: twelve periods back)" };
        var to = new Option<string?>("--to") { Description = "Last day of the range, YYYY-MM-DD (default: today)" };
        var command = new Command("show", "Show the figures of one agency, one level of government or the whole country (the default)")
        {
            agency, level, by, from, to,
        };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var query = new StatisticsQuery
            {
                Granularity = (Granularity)parse.GetValue(by),
                From = parse.GetValue(from) ?? string.Empty,
                To = parse.GetValue(to) ?? string.Empty,
            };
            if (parse.GetValue(agency) is { } code)
            {
                query.AgencyCode = code;
            }
            else if (parse.GetValue(level) is { } l)
            {
                query.Level = (GovernmentLevel)l;
            }
            else
            {
                query.National = true;
            }

            using var channel = connection.Open(parse);
            var report = await new StatisticsService.StatisticsServiceClient(channel).GetStatisticsAsync(query, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                Json.Write(Json.Of(report));
            }
            else
            {
                StatisticsView.Render(report);
            }

            return 0;
        }));
        return command;
    }

    private static Command ReportPaper(Option<bool> json)
    {
        var (node, agency) = LetterCommands.NodeOptions();
        var month = new Option<string>("--month") { Description = "The month, YYYY-MM", Required = true };
        var paper = new Option<ulong>("--paper") { Description = "Documents the agency sent on paper that month", Required = true };
        var command = new Command("report-paper", "Report, through the agency's node, how many documents it still sent on paper in a month")
        {
            node, agency, LetterCommands.TokenOption, LetterCommands.NodeCaOption, month, paper,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var connection = LetterCommands.Open(parse, node);
            var ack = await connection.Client.Raw.ReportPaperAsync(
                new PaperReport { AgencyCode = parse.GetValue(agency)!, Month = parse.GetValue(month)!, PaperSent = parse.GetValue(paper) },
                cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                Json.Write(Json.Of(ack));
            }
            else
            {
                var replaced = ack.Replaced ? $" (replacing {ack.PreviousPaperSent})" : string.Empty;
                AnsiConsole.MarkupLine($"Recorded: {ack.AgencyCode} sent [bold]{ack.PaperSent}[/] documents on paper in {ack.Month}{replaced}.");
            }

            return 0;
        }));
        return command;
    }

    private static Command Refresh(Option<bool> json)
    {
        var connection = new HubConnection();
        var full = new Option<bool>("--full") { Description = "Forget the figures and count every event again" };
        var command = new Command("refresh", "Fold the events not yet counted into the figures now (operators)") { full };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var channel = connection.Open(parse);
            var client = new StatisticsService.StatisticsServiceClient(channel);
            var request = new RefreshStatisticsRequest { Full = parse.GetValue(full) };
            var done = parse.GetValue(json)
                ? await client.RefreshStatisticsAsync(request, cancellationToken: cancellationToken)
                : await AnsiConsole.Status().StartAsync(
                    request.Full ? "Recomputing every figure…" : "Counting new events…",
                    _ => client.RefreshStatisticsAsync(request, cancellationToken: cancellationToken).ResponseAsync);
            if (parse.GetValue(json))
            {
                Json.Write(Json.Of(done));
            }
            else
            {
                AnsiConsole.MarkupLine($"Folded {done.Events:N0} events (up to #{done.LastEventId}) in {StatisticsView.Duration(done.ElapsedMs)}.");
            }

            return 0;
        }));
        return command;
    }
}
