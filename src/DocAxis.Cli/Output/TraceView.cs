using DocAxis.Contracts.V1;
using DocAxis.Core.Deliveries;
using Spectre.Console;

namespace DocAxis.Cli.Output;

/// <summary>Renders a letter's trace for people: one timeline table per recipient.</summary>
public static class TraceView
{
    public static void Render(LetterTrace trace)
    {
        AnsiConsole.MarkupLine($"[bold]Letter[/] {trace.EnvelopeId.EscapeMarkup()} from [bold]{trace.SenderCode}[/]: {trace.Subject.EscapeMarkup()}");
        AnsiConsole.MarkupLine($"Accepted by the hub at {Time(trace.AcceptedAt)}");
        if (trace.ReferencedEnvelopeId.Length > 0)
        {
            AnsiConsole.MarkupLine($"This letter [bold]{trace.BusinessType.ToString().ToLowerInvariant()}s[/] letter {trace.ReferencedEnvelopeId}");
        }

        foreach (var recipient in trace.Recipients)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .Title($"[bold]{recipient.RecipientCode}[/]: {State(recipient)}")
                .AddColumn("Time (UTC)").AddColumn("Event").AddColumn("Detail");
            foreach (var e in recipient.Timeline)
            {
                table.AddRow(Time(e.At), Event(e).EscapeMarkup(), e.Detail.EscapeMarkup());
            }

            AnsiConsole.Write(table);
        }
    }

    public static string Event(TraceEvent e) => e.Kind switch
    {
        TraceEventKind.Accepted => "accepted",
        TraceEventKind.AttemptFailed => $"attempt {e.Attempt} failed",
        TraceEventKind.Delivered => e.Attempt > 1 ? $"delivered (attempt {e.Attempt})" : "delivered",
        TraceEventKind.Status => $"{e.StatusCode} {StatusMeaning(e.StatusCode)}",
        TraceEventKind.Failed => "failed",
        TraceEventKind.Requeued => "re-queued",
        TraceEventKind.Amended => "amended",
        TraceEventKind.Forwarded => $"{(e.HubId.Length > 0 ? e.HubId : "this hub")} forwarded it to {e.Detail}",
        _ => e.Kind.ToString(),
    };

    private static string StatusMeaning(string code)
    {
        try
        {
            return ProcessingStatus.Parse(code).Meaning;
        }
        catch (Core.RefusalException)
        {
            return string.Empty;
        }
    }

    private static string State(RecipientTrace recipient) => recipient.State switch
    {
        Contracts.V1.DeliveryState.Delivered => (string.IsNullOrEmpty(recipient.StatusCode) ? "[green]delivered[/]" : $"[green]delivered[/], status {recipient.StatusCode}")
            + (recipient.AwaitingAnswerTo.Length > 0 ? $", [yellow]awaiting an answer to {recipient.AwaitingAnswerTo}[/]" : string.Empty),
        Contracts.V1.DeliveryState.Failed => $"[red]failed[/]: {recipient.LastError.EscapeMarkup()}",
        _ => $"[yellow]pending[/] after {recipient.Attempts} attempt(s)",
    };

    private static string Time(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
}
