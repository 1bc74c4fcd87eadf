using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Reading a sent letter's trace the way the sender's clerk does: through the sender's node.</summary>
public static class Traces
{
    public static RecipientTrace? Of(TraceLetterResponse response, LocalAgency recipient) =>
        response.Trace?.Recipients.FirstOrDefault(r => r.RecipientCode == recipient.Code.Value);

    public static bool IsDelivered(TraceLetterResponse response, LocalAgency recipient) =>
        Of(response, recipient)?.State == DeliveryState.Delivered;

    public static bool HasStatus(TraceLetterResponse response, LocalAgency recipient, string code) =>
        Of(response, recipient)?.Timeline.Any(e => e.Kind == TraceEventKind.Status && e.StatusCode == code) == true;

    public static int FailedAttempts(TraceLetterResponse response, LocalAgency recipient) =>
        Of(response, recipient)?.Timeline.Count(e => e.Kind == TraceEventKind.AttemptFailed) ?? 0;

    public static Task<TraceLetterResponse> WaitAsync(DmsClient sender, string envelopeId, Func<TraceLetterResponse, bool> done, string what, TimeSpan? timeout = null) =>
        WaitAsync(sender, TestAxis.Sender, envelopeId, done, what, timeout);

    public static Task<TraceLetterResponse> WaitAsync(
        DmsClient client, Cli.Local.LocalAgency sender, string envelopeId, Func<TraceLetterResponse, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(() => client.TraceAsync(sender.Code.Value, envelopeId), done, what, timeout);
}
