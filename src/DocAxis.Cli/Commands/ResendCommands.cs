using System.CommandLine;
using System.Globalization;
using DocAxis.Cli.Output;
using DocAxis.Contracts.V1;
using Google.Protobuf;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary>
/// Failed is not the end: <c>docaxis resend</c> is the sender's clerk asking through the agency's
/// node, <c>docaxis requeue</c> an operator telling the hub directly. Either way the hub re-queues
/// the failed deliveries and pushes them at once.
/// </summary>
public static class ResendCommands
{
    public static Command Resend(Option<bool> json)
    {
        var (node, agency) = LetterCommands.NodeOptions();
        var envelope = LetterCommands.EnvelopeOption();
        var (recipients, reason) = RequeueOptions();
        var command = new Command("resend", "Ask the hub, through the agency's node, to send a letter again to recipients it failed to reach")
        {
            node, agency, LetterCommands.TokenOption, LetterCommands.NodeCaOption, envelope, recipients, reason,
        };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var connection = LetterCommands.Open(parse, node);
            var resent = await connection.Client.ResendAsync(parse.GetValue(agency)!, parse.GetValue(envelope)!, parse.GetValue(recipients) ?? [], parse.GetValue(reason)!);
            Show(resent, resent.EnvelopeId, resent.Deliveries, parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    public static Command Requeue(Option<bool> json)
    {
        var connection = new HubConnection();
        var envelope = LetterCommands.EnvelopeOption();
        var (recipients, reason) = RequeueOptions();
        var command = new Command("requeue", "Operator: put a letter's failed deliveries back in the hub's queue (needs an operator certificate)")
        {
            envelope, recipients, reason,
        };
        connection.AddTo(command);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var channel = connection.Open(parse);
            var requeued = await new ResendService.ResendServiceClient(channel).RequeueAsync(new RequeueRequest
            {
                EnvelopeId = parse.GetValue(envelope)!,
                RecipientCodes = { parse.GetValue(recipients) ?? [] },
                Reason = parse.GetValue(reason)!,
            });
            Show(requeued, requeued.EnvelopeId, requeued.Deliveries, parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static (Option<string[]> Recipients, Option<string> Reason) RequeueOptions() =>
        (new Option<string[]>("--recipient") { Description = "A recipient to re-queue (repeatable; default: every recipient whose delivery failed)" },
         new Option<string>("--reason") { Description = "Why, for the trace and the exchange log (at most 500 characters)", Required = true });

    private static void Show(IMessage response, string envelopeId, IEnumerable<RequeuedDelivery> deliveries, bool json)
    {
        if (json)
        {
            Json.Write(Json.Of(response));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Re-queued [bold]{envelopeId.EscapeMarkup()}[/]; the hub sends it again now")
            .AddColumn("Recipient").AddColumn("Next attempt (UTC)");
        foreach (var d in deliveries)
        {
            table.AddRow(d.RecipientCode, d.NextAttemptAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }
}
